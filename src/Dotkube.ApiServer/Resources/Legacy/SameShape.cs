using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>A legacy version with the current version's fields; only its defaults may differ.</summary>
public sealed class SameShape(Action<JsonObject>? defaults = null) : ILegacyShape
{
    public static SameShape Instance { get; } = new();

    public JsonObject ToCurrent(JsonObject legacy)
    {
        defaults?.Invoke(legacy);
        return legacy;
    }

    public JsonObject FromCurrent(JsonObject current) => current;
}

using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// How a legacy version's objects differ from the current version they convert to. Both directions
/// work on copies and leave apiVersion to the caller.
/// </summary>
public interface ILegacyShape
{
    /// <summary>Applies the legacy version's own defaults (decoding does, before conversion) and converts.</summary>
    JsonObject ToCurrent(JsonObject legacy);

    /// <summary>Converts a current-version object to the legacy shape, keeping what it cannot express.</summary>
    JsonObject FromCurrent(JsonObject current);
}

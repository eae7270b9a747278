using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Legacy;

/// <summary>
/// Converts a resource's objects to and from its legacy versions: a legacy object becomes its
/// current version first (through <see cref="ILegacyShape.ToCurrent"/>), then whatever the
/// resource's own converter does; the other way round for reads.
/// </summary>
public sealed class LegacyConverter(IVersionConverter? inner, IReadOnlyList<LegacyVersion> legacy) : IVersionConverter
{
    public JsonObject Convert(JsonObject obj, string toApiVersion)
    {
        var from = obj.Str("apiVersion");
        if (from == toApiVersion)
        {
            return obj;
        }
        if (Find(from) is { } source)
        {
            obj = source.Shape.ToCurrent((JsonObject)obj.DeepClone());
            obj["apiVersion"] = source.CurrentApiVersion;
        }
        if (Find(toApiVersion) is { } target)
        {
            var current = Inner(obj, target.CurrentApiVersion);
            var result = target.Shape.FromCurrent((JsonObject)current.DeepClone());
            result["apiVersion"] = toApiVersion;
            return result;
        }
        return Inner(obj, toApiVersion);
    }

    private LegacyVersion? Find(string? apiVersion) => legacy.FirstOrDefault(l => l.ApiVersion == apiVersion);

    private JsonObject Inner(JsonObject obj, string toApiVersion)
    {
        if (obj.Str("apiVersion") == toApiVersion)
        {
            return obj;
        }
        if (inner is not null)
        {
            return inner.Convert(obj, toApiVersion);
        }
        obj["apiVersion"] = toApiVersion;
        return obj;
    }
}

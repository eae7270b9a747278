namespace Dotkube.ApiServer.Http;

/// <summary>What the client asked to receive, from its Accept header.</summary>
public enum ResponseShape
{
    /// <summary>The object itself, as JSON.</summary>
    Json,

    /// <summary>The object itself, as YAML.</summary>
    Yaml,

    /// <summary>meta.k8s.io/v1 Table (kubectl get).</summary>
    Table,

    /// <summary>meta.k8s.io/v1 PartialObjectMetadata(List) (metadata-only clients).</summary>
    PartialObjectMetadata,

    /// <summary>The object itself in Kubernetes protobuf (client-go programs configured for it).</summary>
    Protobuf,
}

/// <summary>Accept-header negotiation with upstream's media types and parameters.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>One media range of an Accept header with its parameters.</summary>
    public sealed record MediaRange(string Type, IReadOnlyDictionary<string, string> Parameters)
    {
        public string? Param(string name) => Parameters.TryGetValue(name, out var v) ? v : null;
    }

    public static List<MediaRange> ParseAccept(string? header)
    {
        var result = new List<MediaRange>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return result;
        }
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';');
            var type = pieces[0].Trim().ToLowerInvariant();
            if (type.Length == 0)
            {
                continue;
            }
            var ps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in pieces.Skip(1))
            {
                var eq = p.IndexOf('=');
                if (eq > 0)
                {
                    ps[p[..eq].Trim()] = p[(eq + 1)..].Trim().Trim('"');
                }
            }
            result.Add(new MediaRange(type, ps));
        }
        return result;
    }

    /// <summary>
    /// Picks the first acceptable representation in the client's order. Protobuf is served only
    /// where <paramref name="allowProtobuf"/> says the kind has a message definition (gets and
    /// lists of built-in kinds); elsewhere a client offering only protobuf gets 406 and one with a
    /// JSON fallback gets JSON. Returns null when nothing offered is acceptable.
    /// </summary>
    public static ResponseShape? Negotiate(string? accept, bool allowTable, bool allowProtobuf = false)
    {
        var ranges = ParseAccept(accept);
        if (ranges.Count == 0)
        {
            return ResponseShape.Json;
        }
        foreach (var r in ranges)
        {
            var isJson = r.Type is Json or "application/*" or "*/*";
            if (r.Type == Protobuf && allowProtobuf && r.Param("as") is null)
            {
                return ResponseShape.Protobuf;
            }
            if (r.Param("as") is { } asKind)
            {
                if (!isJson || r.Param("g") != "meta.k8s.io" || (r.Param("v") is not ("v1" or "v1beta1")))
                {
                    continue;
                }
                if (asKind == "Table" && allowTable)
                {
                    return ResponseShape.Table;
                }
                if (asKind is "PartialObjectMetadata" or "PartialObjectMetadataList")
                {
                    return ResponseShape.PartialObjectMetadata;
                }
                continue;
            }
            if (isJson)
            {
                return ResponseShape.Json;
            }
            if (r.Type is Yaml or "text/yaml")
            {
                return ResponseShape.Yaml;
            }
        }
        return null;
    }

    /// <summary>The media type without parameters, lower-cased.</summary>
    public static string Essence(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
}

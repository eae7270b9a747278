using System.Buffers;
using System.Text.Json;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI documents of one resource set: /openapi/v2 (JSON and gnostic protobuf), the
/// /openapi/v3 index and one OpenAPI 3.0 document per group version. Each is built on first use
/// and cached; model definitions are shared across instances, so building a new instance when the
/// resource set changes (a CRD is added) only redoes the paths and serialization.
/// Thread-safe.
/// </summary>
public sealed class OpenApiDocuments
{
    public const string JsonContentType = "application/json";
    public const string ProtobufV2ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private readonly OpenApiOptions options;
    private readonly DateTimeOffset built = DateTimeOffset.UtcNow;
    private readonly Lazy<ApiModel> model;
    private readonly Lazy<ServedDocument> v2Json;
    private readonly Lazy<ServedDocument> v2Protobuf;
    private readonly Lazy<Dictionary<string, Lazy<ServedDocument>>> v3;
    private readonly Lazy<ServedDocument> v3Index;
    private readonly IReadOnlyList<AggregatedSpec> aggregated;

    /// <param name="aggregated">the aggregated APIServices' OpenAPI: merged into v2, listed in the v3 index.</param>
    public OpenApiDocuments(IEnumerable<ResourceDefinition> resources, OpenApiOptions? options = null, IReadOnlyList<AggregatedSpec>? aggregated = null)
    {
        var snapshot = resources.ToList();
        this.options = options ?? new OpenApiOptions();
        this.aggregated = aggregated ?? [];
        model = new(() => new ApiModel(snapshot, this.options, this.aggregated));
        v2Json = new(() =>
        {
            var json = SwaggerJsonWriter.Write(model.Value, this.options);
            return new ServedDocument(json, JsonContentType, ServedDocument.HashOf(json), built);
        });
        // The protobuf form shares the JSON form's hash, as upstream's does (responses vary by Accept).
        v2Protobuf = new(() => new ServedDocument(GnosticV2Encoder.Encode(model.Value, this.options), ProtobufV2ContentType, v2Json.Value.Hash, built));
        v3 = new(() => model.Value.GroupVersions.ToDictionary(
            gv => gv.IndexKey,
            gv => new Lazy<ServedDocument>(() =>
            {
                var json = OpenApiV3Writer.Write(model.Value, gv, this.options);
                return new ServedDocument(json, JsonContentType, ServedDocument.HashOf(json), built);
            }),
            StringComparer.Ordinal));
        v3Index = new(BuildIndex);
    }

    /// <summary>/openapi/v2 as swagger 2.0 JSON.</summary>
    public ServedDocument V2Json => v2Json.Value;

    /// <summary>/openapi/v2 as gnostic's openapi.v2.Document protobuf message.</summary>
    public ServedDocument V2Protobuf => v2Protobuf.Value;

    /// <summary>/openapi/v3: each group version's path and its document's URL with the hash.</summary>
    public ServedDocument V3Index => v3Index.Value;

    /// <summary>The group version paths that have a v3 document ("api/v1", "apis/apps/v1"), sorted.</summary>
    public IReadOnlyCollection<string> V3Paths => v3.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The v3 document of a group version path ("apis/apps/v1"), or null when none is served.</summary>
    public ServedDocument? V3(string groupVersionPath) =>
        v3.Value.TryGetValue(groupVersionPath, out var document) ? document.Value : null;

    /// <summary>The server-relative URL of a group version's v3 document, with its hash (as upstream builds it).</summary>
    public static string V3Url(string groupVersionPath, string hash) => $"/openapi/v3/{groupVersionPath}?hash={hash}";

    private ServedDocument BuildIndex()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, SwaggerJsonWriter.Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("paths");
            var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in V3Paths)
            {
                entries[path] = V3Url(path, V3(path)!.Hash);
            }
            // Aggregated group-versions point at the backend's own document (the proxy serves it).
            foreach (var spec in aggregated)
            {
                foreach (var (path, url) in spec.V3)
                {
                    entries.TryAdd(path, url);
                }
            }
            foreach (var (path, url) in entries)
            {
                json.WriteStartObject(path);
                json.WriteString("serverRelativeURL", url);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        var bytes = buffer.WrittenSpan.ToArray();
        return new ServedDocument(bytes, JsonContentType, ServedDocument.HashOf(bytes), built);
    }
}

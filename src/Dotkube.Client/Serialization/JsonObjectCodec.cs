using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Dotkube.Client.Serialization;

/// <summary>Codec for untyped objects.</summary>
internal sealed class JsonObjectCodec : ObjectCodec<JsonObject>
{
    public override JsonObject Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        return JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("expected a JSON object");
    }

    public override string Serialize(JsonObject obj) => obj.ToJsonString();

    public override string? Namespace(JsonObject obj) => ObjectCodecs.Meta(obj, "namespace");

    public override string? Name(JsonObject obj) => ObjectCodecs.Meta(obj, "name");

    public override string? ResourceVersion(JsonObject obj) => ObjectCodecs.Meta(obj, "resourceVersion");

    public override string? Uid(JsonObject obj) => ObjectCodecs.Meta(obj, "uid");

    public override V1ObjectMeta? Metadata(JsonObject obj) =>
        obj["metadata"] is JsonObject meta ? meta.Deserialize<V1ObjectMeta>(KubeJson.Options) : null;

    public override IEnumerable<string> OwnerUids(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            yield break;
        }
        foreach (var o in owners)
        {
            if (o?["uid"] is JsonValue v && v.TryGetValue<string>(out var uid))
            {
                yield return uid;
            }
        }
    }
}

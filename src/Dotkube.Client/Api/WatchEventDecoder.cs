using System.Text.Json;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// Decodes one watch event frame, {"type":…,"object":{…}}, deserializing the object straight from
/// its bytes (as a Status for ERROR events).
/// </summary>
internal static class WatchEventDecoder
{
    public static WatchEvent<T> Decode<T>(ReadOnlySpan<byte> frame, ObjectCodec<T> codec)
        where T : class
    {
        var reader = new Utf8JsonReader(frame);
        string? type = null;
        int objectStart = -1, objectEnd = -1;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("watch event: expected an object");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                objectStart = (int)reader.TokenStartIndex;
                reader.Skip();
                objectEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new JsonException($"watch event: unknown type '{type}'"),
        };
        if (objectStart < 0)
        {
            throw new JsonException($"watch event {type}: no object");
        }
        var body = frame[objectStart..objectEnd];
        if (eventType == WatchEventType.Error)
        {
            var status = JsonSerializer.Deserialize<V1Status>(body, KubeJson.Options) ?? new V1Status { Code = 500 };
            return new WatchEvent<T>(eventType, null, status, null);
        }
        var obj = codec.Deserialize(body);
        return new WatchEvent<T>(eventType, obj, null, codec.ResourceVersion(obj));
    }
}

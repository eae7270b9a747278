using System.Text.Json;
using Dotkube.Client.Serialization;

namespace Dotkube.Client;

/// <summary>
/// Reads a list response in one pass: each item is deserialized straight from its bytes in the
/// body, without building a DOM of the whole list first.
/// </summary>
internal static class ListDecoder
{
    public static ObjectList<T> Decode<T>(ReadOnlySpan<byte> body, ObjectCodec<T> codec)
        where T : class
    {
        var items = new List<T>();
        string resourceVersion = "";
        string? continueToken = null;
        long? remaining = null;
        var reader = new Utf8JsonReader(body);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a list object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }
                Expect(reader.TokenType == JsonTokenType.StartArray, "items to be an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var end = (int)reader.BytesConsumed;
                    items.Add(codec.Deserialize(body[start..end]));
                }
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("resourceVersion"u8))
                    {
                        reader.Read();
                        resourceVersion = reader.GetString() ?? "";
                    }
                    else if (reader.ValueTextEquals("continue"u8))
                    {
                        reader.Read();
                        continueToken = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("remainingItemCount"u8))
                    {
                        reader.Read();
                        remaining = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ObjectList<T>(items, resourceVersion, string.IsNullOrEmpty(continueToken) ? null : continueToken, remaining);
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new JsonException($"list response: expected {what}");
        }
    }
}

using System.Text.Json.Nodes;

namespace Dotkube.Client.Serialization;

/// <summary>Shortcut for <see cref="ObjectCodec{T}.Default"/>.</summary>
public static class ObjectCodecs
{
    public static ObjectCodec<T> For<T>()
        where T : class => ObjectCodec<T>.Default;

    /// <summary>Reads metadata.field of an untyped object.</summary>
    internal static string? Meta(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json;
using Dotkube.Client.Serialization;

namespace Dotkube.Controllers.PersistentVolume;

internal static class Copies
{
    /// <summary>A deep copy of a cached object, to change and write back (the cache's own must stay as it is).</summary>
    public static T Of<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, KubeJson.Options), KubeJson.Options)!;
}

using System.Text.Json;
using Dotkube.Client.Serialization;

namespace Dotkube.Controllers.Common;

/// <summary>Deep copies of cached objects, which are shared and must not be changed in place.</summary>
public static class ObjectCopy
{
    public static T Of<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, KubeJson.Options), KubeJson.Options)!;
}

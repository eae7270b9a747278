using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Controllers.Deployment;

/// <summary>
/// The pod-template-hash label value (upstream's ComputeHash): 32-bit FNV-1a over the template,
/// followed by the collision count's four little-endian bytes when there is one, rendered as the
/// decimal digits of the hash mapped onto upstream's SafeEncodeString alphabet (no vowels, no
/// look-alike characters, so it never spells words). Upstream hashes Go's spew dump of the
/// struct; dotkube hashes the template's canonical JSON (keys sorted), so values differ from a
/// real cluster's for the same template — only stability and the format matter to clients.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash ^= b;
                hash *= 16777619u;
            }
        }
        Add(Encoding.UTF8.GetBytes(CanonicalJson(template)));
        if (collisionCount is { } c)
        {
            Span<byte> le = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(le, (uint)c);
            Add(le);
        }
        return SafeEncode(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Upstream's rand.SafeEncodeString: each byte picks a character of the alphabet.</summary>
    public static string SafeEncode(string s)
    {
        var chars = new char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            chars[i] = Alphabet[s[i] % Alphabet.Length];
        }
        return new string(chars);
    }

    public static string CanonicalJson(V1PodTemplateSpec template) =>
        Sorted(JsonSerializer.SerializeToNode(template, KubeJson.Options))?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}

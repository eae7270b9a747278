using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.History;

/// <summary>
/// ControllerRevisions as the StatefulSet and DaemonSet controllers keep them (upstream's
/// controller/history package): a revision holds a strategic merge patch that puts an owner's pod
/// template back (<c>{"spec":{"template":{…,"$patch":"replace"}}}</c>, which is what
/// <c>kubectl rollout undo</c> applies), is named OWNER-HASH after the FNV-1a hash of that data
/// (and the owner's collisionCount), carries the template's labels plus the hash in
/// <c>controller-revision-hash</c>, and is controlled by its owner.
/// </summary>
public static class ControllerRevisions
{
    public const string HashLabel = "controller-revision-hash";

    /// <summary>Upstream keeps names short enough for the hash: the owner's name is cut to 223 characters.</summary>
    private const int MaxPrefixLength = 223;

    private static readonly Machinery.Apply.TypeSchema TemplateSchema = Machinery.Apply.TypeSchema.ForModel(typeof(V1PodTemplateSpec));

    /// <summary>
    /// The patch that restores <paramref name="template"/>, in the shape Go's encoder gives it
    /// (every field a Go struct always writes, <c>creationTimestamp: null</c>, keys sorted): the
    /// bytes <c>kubectl rollout undo</c> computes from the owner and compares with the
    /// revision's to say "skipped rollback (current template already matches revision N)".
    /// </summary>
    public static JsonObject TemplatePatch(V1PodTemplateSpec template)
    {
        var node = JsonSerializer.SerializeToNode(template, KubeJson.Options) as JsonObject ?? [];
        node = Machinery.Apply.GoShape.Normalize(node, TemplateSchema) as JsonObject ?? [];
        if (node["metadata"] is not JsonObject metadata)
        {
            node["metadata"] = metadata = [];
        }
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            // metav1.Time is a struct whose zero value encodes as null; omitempty does not drop it.
            metadata["creationTimestamp"] = null;
        }
        node["$patch"] = "replace";
        return (JsonObject)Canonical(new JsonObject { ["spec"] = new JsonObject { ["template"] = node } })!;
    }

    /// <summary>The template a revision's patch restores (its data without the "$patch" directive).</summary>
    public static V1PodTemplateSpec? TemplateOf(V1ControllerRevision revision)
    {
        if (DataOf(revision)?["spec"]?["template"] is not JsonObject template)
        {
            return null;
        }
        var copy = (JsonObject)template.DeepClone();
        copy.Remove("$patch");
        return copy.Deserialize<V1PodTemplateSpec>(KubeJson.Options);
    }

    /// <summary>The revision's data as JSON, whatever shape the model deserializer left it in.</summary>
    public static JsonNode? DataOf(V1ControllerRevision revision) => revision.Data switch
    {
        null => null,
        JsonNode node => node,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        var other => JsonSerializer.SerializeToNode(other, KubeJson.Options),
    };

    /// <summary>Upstream's HashControllerRevision: FNV-1a over the data, then the collision count's four bytes, safe-encoded.</summary>
    public static string Hash(JsonNode data, int? collisionCount)
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
        Add(Encoding.UTF8.GetBytes(Canonical(data)!.ToJsonString()));
        if (collisionCount is { } c)
        {
            Span<byte> le = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(le, (uint)c);
            Add(le);
        }
        return PodTemplateHash.SafeEncode(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static string Name(string ownerName, string hash) =>
        $"{(ownerName.Length > MaxPrefixLength ? ownerName[..MaxPrefixLength] : ownerName)}-{hash}";

    /// <summary>A new revision of an owner (upstream's NewControllerRevision).</summary>
    public static V1ControllerRevision New(V1ObjectMeta owner, string apiVersion, string kind, IDictionary<string, string>? templateLabels,
        IDictionary<string, string>? annotations, JsonObject data, long revision, int? collisionCount, string? hash = null)
    {
        // DaemonSets name revisions after the template's hash rather than the data's (upstream does the same).
        hash ??= Hash(data, collisionCount);
        var labels = new Dictionary<string, string>(templateLabels ?? new Dictionary<string, string>()) { [HashLabel] = hash };
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = Name(owner.Name, hash),
                NamespaceProperty = owner.NamespaceProperty,
                Labels = labels,
                Annotations = annotations is { Count: > 0 } ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [OwnerRefs.NewControllerRef(owner, apiVersion, kind)],
            },
            Data = data,
            Revision = revision,
        };
    }

    /// <summary>Whether two revisions hold the same state (upstream's EqualRevision: same data).</summary>
    public static bool Equal(V1ControllerRevision a, V1ControllerRevision b) =>
        JsonNode.DeepEquals(Canonical(DataOf(a)), Canonical(DataOf(b)));

    /// <summary>Oldest first: by revision number, then creation time, then name (upstream's byRevision).</summary>
    public static List<V1ControllerRevision> Sorted(IEnumerable<V1ControllerRevision> revisions) =>
        [.. revisions.OrderBy(r => r.Revision).ThenBy(r => r.Metadata.CreationTimestamp).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>One more than the newest revision's number (1 for none).</summary>
    public static long Next(IReadOnlyList<V1ControllerRevision> sorted) => sorted.Count == 0 ? 1 : (sorted[^1].Revision ?? 0) + 1;

    /// <summary>JSON with object keys sorted (Go's encoder sorts map keys), so equal data has equal bytes.</summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };
}

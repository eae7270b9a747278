using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Lifecycle;

/// <summary>
/// One entry of metadata.ownerReferences. There is no namespace: a namespaced owner lives in its
/// dependent's namespace, or the owner is cluster-scoped.
/// </summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion, bool Controller)
{
    /// <summary>The API group of <see cref="ApiVersion"/>; "" for the core group.</summary>
    public string Group => ApiVersion.IndexOf('/') is var i and >= 0 ? ApiVersion[..i] : "";

    public string Version => ApiVersion.IndexOf('/') is var i and >= 0 ? ApiVersion[(i + 1)..] : ApiVersion;

    /// <summary>The object's owner references; entries without a uid (validation refuses them) are skipped.</summary>
    public static IReadOnlyList<OwnerReference> Of(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray refs || refs.Count == 0)
        {
            return [];
        }
        var result = new List<OwnerReference>(refs.Count);
        foreach (var node in refs)
        {
            if (node is not JsonObject r || ObjectJson.GetString(r, "uid") is not { Length: > 0 } uid)
            {
                continue;
            }
            result.Add(new OwnerReference(
                ObjectJson.GetString(r, "apiVersion") ?? "",
                ObjectJson.GetString(r, "kind") ?? "",
                ObjectJson.GetString(r, "name") ?? "",
                uid,
                IsTrue(r["blockOwnerDeletion"]),
                IsTrue(r["controller"])));
        }
        return result;
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

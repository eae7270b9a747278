using k8s.Models;

namespace Dotkube.Controllers.GarbageCollector;

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
    public static IReadOnlyList<OwnerReference> Of(V1ObjectMeta metadata)
    {
        if (metadata.OwnerReferences is not { Count: > 0 } refs)
        {
            return [];
        }
        var result = new List<OwnerReference>(refs.Count);
        foreach (var r in refs)
        {
            if (string.IsNullOrEmpty(r.Uid))
            {
                continue;
            }
            result.Add(new OwnerReference(r.ApiVersion ?? "", r.Kind ?? "", r.Name ?? "", r.Uid, r.BlockOwnerDeletion == true, r.Controller == true));
        }
        return result;
    }

    /// <summary>As upstream's garbage collector prints an owner's identity in events.</summary>
    public string Describe(string ns) => $"[{ApiVersion}/{Kind}, namespace: {ns}, name: {Name}, uid: {Uid}]";
}

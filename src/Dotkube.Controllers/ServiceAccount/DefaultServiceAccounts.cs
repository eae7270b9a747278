using k8s.Models;

namespace Dotkube.Controllers.ServiceAccount;

/// <summary>Which service accounts a namespace must have (upstream's ServiceAccountsControllerOptions: just "default").</summary>
public static class DefaultServiceAccounts
{
    public static readonly IReadOnlyList<string> Names = ["default"];

    /// <summary>
    /// The names to create: none while the namespace is not Active (terminating namespaces refuse
    /// new objects), otherwise those of <see cref="Names"/> that are missing.
    /// </summary>
    public static IReadOnlyList<string> Missing(V1Namespace ns, Func<string, bool> exists)
    {
        if (ns.Metadata.DeletionTimestamp is not null || (ns.Status?.Phase is { } phase && phase != "Active"))
        {
            return [];
        }
        return [.. Names.Where(n => !exists(n))];
    }
}

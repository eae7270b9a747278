using System.Text;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>Upstream's naming of operation IDs and tags ("listAppsV1NamespacedDeployment", "apps_v1").</summary>
internal static class OperationNames
{
    /// <summary>"" → Core, rbac.authorization.k8s.io → RbacAuthorization, stable.example.com → StableExampleCom.</summary>
    public static string GroupPart(string group)
    {
        if (group.Length == 0)
        {
            return "Core";
        }
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        var result = new StringBuilder(trimmed.Length);
        foreach (var part in trimmed.Split('.', '-'))
        {
            result.Append(Capitalize(part));
        }
        return result.ToString();
    }

    /// <summary>v1 → V1, v1beta1 → V1beta1.</summary>
    public static string VersionPart(string version) => Capitalize(version);

    /// <summary>The tag grouping a group version's operations: core_v1, apps_v1, rbacAuthorization_v1.</summary>
    public static string Tag(string group, string version)
    {
        var part = GroupPart(group);
        return char.ToLowerInvariant(part[0]) + part[1..] + "_" + version;
    }

    public static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>
    /// The article before a kind in operation descriptions, as upstream words them: none for a
    /// plural-looking kind ("create Endpoints"), "an " before a vowel ("create an Event"), else "a ".
    /// </summary>
    public static string Article(string kind)
    {
        if (kind.EndsWith('s') && !kind.EndsWith("ss", StringComparison.Ordinal))
        {
            return "";
        }
        return "aeiouAEIOU".Contains(kind[0], StringComparison.Ordinal) ? "an " : "a ";
    }

    /// <summary>A method name in an operation ID: GET → Get.</summary>
    public static string Method(string method) => Capitalize(method.ToLowerInvariant());
}

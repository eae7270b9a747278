namespace Dotkube.ApiServer.Authentication.ServiceAccounts;

/// <summary>How a service account appears as a user: <c>system:serviceaccount:NS:NAME</c> in its groups.</summary>
public static class ServiceAccountNames
{
    public const string UserPrefix = "system:serviceaccount:";
    public const string AllGroup = "system:serviceaccounts";

    public static string Username(string ns, string name) => $"{UserPrefix}{ns}:{name}";

    public static IReadOnlyList<string> Groups(string ns) => [AllGroup, $"{AllGroup}:{ns}"];

    /// <summary>Splits a service account user name into namespace and name; false for any other user.</summary>
    public static bool TrySplit(string username, out string ns, out string name)
    {
        ns = name = "";
        if (!username.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = username[UserPrefix.Length..].Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }
        (ns, name) = (parts[0], parts[1]);
        return true;
    }
}

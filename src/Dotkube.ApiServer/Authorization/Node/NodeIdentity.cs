using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Authorization.Node;

/// <summary>A node's credentials: user system:node:NAME in group system:nodes.</summary>
public static class NodeIdentity
{
    public const string UserPrefix = "system:node:";
    public const string NodesGroup = "system:nodes";

    public static bool TryGetNodeName(UserInfo user, out string nodeName)
    {
        nodeName = "";
        if (!user.Name.StartsWith(UserPrefix, StringComparison.Ordinal) || !user.Groups.Contains(NodesGroup))
        {
            return false;
        }
        nodeName = user.Name[UserPrefix.Length..];
        return nodeName.Length > 0;
    }
}

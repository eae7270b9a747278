using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;

namespace Dotkube.ApiServer.Tests.Authorization;

public sealed class ForbiddenErrorTests
{
    private static readonly UserInfo Viewer = new("system:serviceaccount:default:viewer", ["system:serviceaccounts", "system:authenticated"]);

    [Theory]
    [InlineData("create", "", "pods", "", "default", "", "",
        "pods is forbidden: User \"system:serviceaccount:default:viewer\" cannot create resource \"pods\" in API group \"\" in the namespace \"default\"")]
    [InlineData("get", "", "pods", "log", "default", "web", "",
        "pods \"web\" is forbidden: User \"system:serviceaccount:default:viewer\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"default\"")]
    [InlineData("list", "", "nodes", "", "", "", "",
        "nodes is forbidden: User \"system:serviceaccount:default:viewer\" cannot list resource \"nodes\" in API group \"\" at the cluster scope")]
    [InlineData("create", "apps", "deployments", "", "default", "", "RBAC: role.rbac.authorization.k8s.io \"view\" not found",
        "deployments.apps is forbidden: User \"system:serviceaccount:default:viewer\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"default\": RBAC: role.rbac.authorization.k8s.io \"view\" not found")]
    public void ResourceMessagesAreWordedAsUpstream(string verb, string group, string resource, string sub, string ns, string name, string reason, string expected)
    {
        var e = ForbiddenError.For(new AuthorizationAttributes(Viewer, verb, true, "", group, "v1", resource, sub, ns, name), reason);
        Assert.Equal((403, "Forbidden", expected), (e.Code, e.Reason, e.Message));
        Assert.Equal(resource, e.DetailsKind);
        Assert.Equal(group.Length == 0 ? null : group, e.DetailsGroup);
    }

    [Fact]
    public void NonResourceMessageNamesThePath()
    {
        var e = ForbiddenError.For(new AuthorizationAttributes(new UserInfo("x", []), "get", false, "/foo"), "");
        Assert.Equal("forbidden: User \"x\" cannot get path \"/foo\"", e.Message);
        Assert.Null(e.DetailsKind);
    }
}

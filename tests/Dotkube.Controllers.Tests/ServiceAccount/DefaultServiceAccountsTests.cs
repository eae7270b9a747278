using Dotkube.Controllers.ServiceAccount;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ServiceAccount;

public class DefaultServiceAccountsTests
{
    [Theory]
    [InlineData("an active namespace without a default account gets one", "Active", false, false, new[] { "default" })]
    [InlineData("an active namespace that has it gets nothing", "Active", false, true, new string[0])]
    [InlineData("a namespace without a phase yet counts as active", null, false, false, new[] { "default" })]
    [InlineData("a terminating namespace gets nothing", "Terminating", false, false, new string[0])]
    [InlineData("a namespace being deleted gets nothing", "Active", true, false, new string[0])]
    public void Only_active_namespaces_get_their_missing_default_account(string what, string? phase, bool deleting, bool hasDefault, string[] expected)
    {
        var ns = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "team", DeletionTimestamp = deleting ? DateTime.UtcNow : null },
            Status = phase is null ? null : new V1NamespaceStatus { Phase = phase },
        };
        Assert.True(expected.SequenceEqual(DefaultServiceAccounts.Missing(ns, name => hasDefault && name == "default")), what);
    }
}

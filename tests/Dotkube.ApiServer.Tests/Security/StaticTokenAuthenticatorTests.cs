using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Tests.Security;

public class StaticTokenAuthenticatorTests
{
    [Fact]
    public void The_token_file_reads_as_upstream_csv()
    {
        var warnings = new List<string>();
        var tokens = StaticTokenAuthenticator.Parse(
            "t1,alice,1,\"ops,devs\"\n\n t2, bob, 2\nt1,carol,3\n,nobody,4\n", "tokens.csv", warnings);

        Assert.Equal(("carol", "3"), (tokens["t1"].Name, tokens["t1"].Uid));
        Assert.Equal(("bob", "2", 0), (tokens["t2"].Name, tokens["t2"].Uid, tokens["t2"].Groups.Count));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("duplicate token", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("empty token", StringComparison.Ordinal));
    }

    [Fact]
    public void Quoted_groups_keep_their_commas()
    {
        var tokens = StaticTokenAuthenticator.Parse("t1,alice,1,\"ops,devs\"", "f", []);
        Assert.Equal(["ops", "devs"], tokens["t1"].Groups);
    }

    [Fact]
    public void Fewer_than_three_columns_is_an_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StaticTokenAuthenticator.Parse("t1,alice\n", "tokens.csv", []));
        Assert.Equal("token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2", e.Message);
    }

    [Fact]
    public async Task Unknown_tokens_are_not_this_methods()
    {
        var auth = new StaticTokenAuthenticator(new Dictionary<string, UserInfo> { ["t"] = new("alice", []) }, ["api"]);
        Assert.Same(TokenResult.NotMine, await auth.AuthenticateTokenAsync("u", [], default));
        Assert.Equal("alice", (await auth.AuthenticateTokenAsync("t", [], default)).User?.Name);
        Assert.Null((await auth.AuthenticateTokenAsync("t", ["vault"], default)).User);
    }
}

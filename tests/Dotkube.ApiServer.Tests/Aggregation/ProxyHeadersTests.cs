using Dotkube.ApiServer.Aggregation;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Tests.Aggregation;

public class ProxyHeadersTests
{
    [Fact]
    public void A_user_becomes_one_user_header_a_group_header_per_group_and_an_extra_header_per_value()
    {
        var user = new UserInfo("jane", ["devs", "system:authenticated"], "uid-1",
            new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["a", "b"], ["example.com/team"] = ["blue"] });
        Assert.Equal(
            [
                new("X-Remote-User", "jane"),
                new("X-Remote-Group", "devs"),
                new("X-Remote-Group", "system:authenticated"),
                new("X-Remote-Extra-example.com%2Fteam", "blue"),
                new("X-Remote-Extra-scopes", "a"),
                new("X-Remote-Extra-scopes", "b"),
            ],
            ProxyHeaders.For(user));
    }

    [Theory]
    [InlineData("scopes", "scopes")]
    [InlineData("example.com/team", "example.com%2Fteam")]
    [InlineData("100%", "100%25")]
    [InlineData("with space", "with%20space")]
    [InlineData("ünï", "%C3%BCn%C3%AF")]
    public void Extra_keys_keep_token_characters_and_percent_encode_the_rest(string key, string escaped) =>
        Assert.Equal(escaped, ProxyHeaders.EscapeKey(key));

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("Impersonate-User", true)]
    [InlineData("impersonate-group", true)]
    [InlineData("X-Remote-User", true)]
    [InlineData("x-remote-extra-scopes", true)]
    [InlineData("Connection", true)]
    [InlineData("Host", true)]
    [InlineData("Accept", false)]
    [InlineData("Content-Type", false)]
    [InlineData("User-Agent", false)]
    public void Credentials_identity_and_hop_by_hop_headers_are_not_forwarded(string header, bool stripped) =>
        Assert.Equal(stripped, ProxyHeaders.IsStripped(header));
}

using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.RegistryTests;

public class ContinueTokenTests
{
    [Fact]
    public void RoundTripsRevisionAndKey()
    {
        var token = ContinueToken.Encode(42, "ns1/web-7");
        Assert.Equal((42L, "ns1/web-7"), ContinueToken.Decode(token));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("e30")]
    public void RefusesMalformedTokensWithBadRequest(string token)
    {
        var e = Assert.Throws<StatusException>(() => ContinueToken.Decode(token));
        Assert.Equal(400, e.Code);
    }
}

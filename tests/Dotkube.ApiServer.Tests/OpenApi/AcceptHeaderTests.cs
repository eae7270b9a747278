using Dotkube.ApiServer.OpenApi;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class AcceptHeaderTests
{
    private static readonly string[] Offers = ["application/json", "application/x-protobuf"];

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("", "application/json")]
    [InlineData("application/x-protobuf", "application/x-protobuf")]
    [InlineData("application/x-protobuf, application/json", "application/x-protobuf")]
    [InlineData("*/*, application/x-protobuf", "application/x-protobuf")]
    [InlineData("application/json;q=0.1, application/x-protobuf;q=0.9", "application/x-protobuf")]
    [InlineData("application/x-protobuf;q=0, */*", "application/json")]
    [InlineData("text/plain", null)]
    [InlineData("APPLICATION/JSON", "application/json")]
    public void TheBestAcceptableOfferWins(string? header, string? expected) => Assert.Equal(expected, AcceptHeader.Negotiate(header, Offers));
}

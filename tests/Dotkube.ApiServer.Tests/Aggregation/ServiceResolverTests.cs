using System.Text.Json.Nodes;
using Dotkube.ApiServer.Aggregation;

namespace Dotkube.ApiServer.Tests.Aggregation;

public class ServiceResolverTests
{
    private static JsonObject Service(string json) => JsonNode.Parse(json)!.AsObject();

    public static TheoryData<string, string?, int, string> Cases => new()
    {
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"type":"ExternalName","externalName":"127.0.0.1"}}""",
            null, 8443, "https://127.0.0.1:8443/"
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"type":"ExternalName","externalName":"::1"}}""",
            null, 443, "https://[::1]/"
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"ports":[{"name":"https","port":443,"targetPort":4443}]}}""",
            """{"subsets":[{"addresses":[{"ip":"10.0.0.5"}],"ports":[{"name":"https","port":4443}]}]}""",
            443, "https://10.0.0.5:4443/"
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"ports":[{"port":443}]}}""",
            """{"subsets":[{"notReadyAddresses":[{"ip":"10.0.0.6"}],"ports":[{"port":4443}]},{"addresses":[{"ip":"10.0.0.7"}],"ports":[{"port":6443}]}]}""",
            443, "https://10.0.0.7:6443/"
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"ports":[{"port":443}]}}""",
            """{"subsets":[{"notReadyAddresses":[{"ip":"10.0.0.6"}],"ports":[{"port":4443}]}]}""",
            443, "MissingEndpoints: endpoints for service/api in \"ns\" have no addresses with port name \"\""
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"ports":[{"port":443}]}}""",
            null, 443, "EndpointsNotFound: cannot find endpoints for service/api in \"ns\""
        },
        {
            """{"metadata":{"name":"api","namespace":"ns"},"spec":{"ports":[{"port":80}]}}""",
            "{}", 443, "ServicePortError: service/api in \"ns\" is not listening on port 443"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_service_resolves_to_its_external_name_or_a_ready_endpoint(string service, string? endpoints, int port, string expected)
    {
        var result = ServiceResolver.Resolve(Service(service), endpoints is null ? null : Service(endpoints), port);
        Assert.Equal(expected, result.Location?.ToString() ?? $"{result.Reason}: {result.Message}");
    }

    [Fact]
    public async Task A_missing_service_is_ServiceNotFound()
    {
        var resolver = new ServiceResolver((_, _, _, _) => Task.FromResult<JsonObject?>(null));
        var result = await resolver.ResolveAsync("ns", "api", 443, CancellationToken.None);
        Assert.Equal(("ServiceNotFound", "service/api in \"ns\" is not present"), (result.Reason, result.Message));
    }
}

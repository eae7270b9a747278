using System.Text.Json.Nodes;
using Dotkube.Storage.MasterLeases;

namespace Dotkube.ApiServer.Hosting;

/// <summary>
/// The <c>kubernetes</c> Service's Endpoints and EndpointSlices for a set of live API servers. Upstream's servers
/// share one port, so there is one subset and one slice; dotkube's servers may differ in port (several on one
/// machine), so there is a subset per port and a slice per port: "kubernetes" for the lowest, "kubernetes-PORT"
/// for the others.
/// </summary>
public static class KubernetesEndpoints
{
    public const string Name = "kubernetes";
    public const string Namespace = "default";

    /// <summary>The servers by port (ascending), each port's addresses sorted as upstream sorts them (as strings).</summary>
    public static IReadOnlyList<(int Port, IReadOnlyList<string> Addresses)> ByPort(IEnumerable<MasterEndpoint> servers) =>
        [.. servers
            .GroupBy(s => s.Port)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(s => s.Address.ToString()).Distinct().Order(StringComparer.Ordinal)]))];

    /// <summary>The Endpoints' subsets: one per port.</summary>
    public static JsonArray Subsets(IReadOnlyList<(int Port, IReadOnlyList<string> Addresses)> groups) =>
        [.. groups.Select(g => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray([.. g.Addresses.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip })]),
            ["ports"] = new JsonArray(Port(g.Port)),
        })];

    /// <summary>The name of the slice holding the servers on the <paramref name="index"/>-th lowest port.</summary>
    public static string SliceName(int index, int port) => index == 0 ? Name : $"{Name}-{port}";

    /// <summary>The EndpointSlices by name: one per port.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Slices(IReadOnlyList<(int Port, IReadOnlyList<string> Addresses)> groups)
    {
        var slices = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            var (port, addresses) = groups[i];
            var name = SliceName(i, port);
            slices[name] = new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = Namespace,
                    ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Name },
                },
                ["addressType"] = addresses.Count > 0 && addresses[0].Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4",
                ["endpoints"] = new JsonArray([.. addresses.Select(ip => (JsonNode)new JsonObject
                {
                    ["addresses"] = new JsonArray(ip),
                    ["conditions"] = new JsonObject { ["ready"] = true },
                })]),
                ["ports"] = new JsonArray(Port(port)),
            };
        }

        return slices;
    }

    /// <summary>True for a slice this reconciler owns: the kubernetes Service's, named after it.</summary>
    public static bool IsOurs(JsonObject slice) =>
        slice["metadata"]?["labels"]?["kubernetes.io/service-name"]?.GetValue<string>() == Name
        && slice["metadata"]?["name"]?.GetValue<string>() is { } name
        && (name == Name || name.StartsWith(Name + "-", StringComparison.Ordinal));

    private static JsonObject Port(int port) => new() { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" };
}

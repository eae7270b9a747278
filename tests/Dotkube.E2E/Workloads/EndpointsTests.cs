using System.Net;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Workloads;

/// <summary>The endpoint, endpointslice and nodeipam controllers of a default server, seen through kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class EndpointsTests(SharedServerFixture fixture)
{
    private const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: c
                image: nginx
                ports: [{name: http, containerPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{name: web, port: 80, targetPort: http}]
        """;

    [Fact]
    public async Task Endpoints_and_slices_list_the_ready_pods_with_the_named_port_resolved()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ep-web");
        await ns.ApplyAsync(App);
        (await ns.Run("rollout", "status", "deployment/web", "--timeout=60s")).EnsureSuccess();
        var podIps = (await ns.Run("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}")).EnsureSuccess().Stdout
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, podIps.Length);

        await Eventually.HoldsAsync(async () =>
        {
            var ready = await ns.JsonPathAsync("endpoints/web", "{.subsets[*].addresses[*].ip}");
            var got = ready.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            return got.SequenceEqual(podIps) ? null : $"endpoints list [{ready}], pods have [{string.Join(' ', podIps)}]";
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("web/8080/TCP", await ns.JsonPathAsync("endpoints/web", "{.subsets[0].ports[0].name}/{.subsets[0].ports[0].port}/{.subsets[0].ports[0].protocol}"));
        Assert.Equal("Pod", await ns.JsonPathAsync("endpoints/web", "{.subsets[0].addresses[0].targetRef.kind}"));
        Assert.Matches("^node[123]$", await ns.JsonPathAsync("endpoints/web", "{.subsets[0].addresses[0].nodeName}"));
        // The last pod change (or the Service's creation) is recorded, as a whole-second RFC 3339 time.
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", await ns.JsonPathAsync("endpoints/web", "{.metadata.annotations.endpoints\\.kubernetes\\.io/last-change-trigger-time}"));

        var get = (await ns.Run("get", "endpoints", "web")).EnsureSuccess().Stdout;
        foreach (var ip in podIps)
        {
            Assert.Contains($"{ip}:8080", get, StringComparison.Ordinal);
        }
        var describe = (await ns.Run("describe", "service", "web")).EnsureSuccess().Stdout;
        Assert.Matches(@"Endpoints:\s+(\d+\.\d+\.\d+\.\d+:8080,?){3}", describe);

        await Eventually.HoldsAsync(async () =>
        {
            var slice = await ns.JsonPathAsync("endpointslices", "{range .items[*].endpoints[*]}{.addresses[0]}={.conditions.ready}/{.conditions.serving}/{.conditions.terminating} {end}");
            var got = slice.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            return got.SequenceEqual(podIps.Select(ip => $"{ip}=true/true/false")) ? null : $"slices say [{slice}]";
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("IPv4 web endpointslice-controller.k8s.io web/8080/TCP Service/web", await ns.JsonPathAsync("endpointslices",
            "{.items[0].addressType} {.items[0].metadata.labels.kubernetes\\.io/service-name} {.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by} {.items[0].ports[0].name}/{.items[0].ports[0].port}/{.items[0].ports[0].protocol} {.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}"));

        // Scaling down takes the pods out again.
        (await ns.Run("scale", "deployment/web", "--replicas=1")).EnsureSuccess();
        await Eventually.HoldsAsync(async () =>
        {
            var ready = await ns.JsonPathAsync("endpoints/web", "{.subsets[*].addresses[*].ip}");
            var slice = await ns.JsonPathAsync("endpointslices", "{.items[*].endpoints[*].addresses[0]}");
            return ready.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 1 && slice.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 1
                ? null : $"endpoints [{ready}], slices [{slice}]";
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_pod_that_goes_unready_moves_to_not_ready_addresses_and_back()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ep-flap");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: flappy
              labels: {app: flap}
              annotations: {sim.dotkube.io/readiness-flap: "3s"}
            spec:
              containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: flap}
            spec:
              selector: {app: flap}
              ports: [{port: 80}]
            """);
        await Eventually.HoldsAsync(async () =>
            await ns.JsonPathAsync("pod/flappy", "{.status.podIP}") is { Length: > 0 } ? null : "no IP yet", TimeSpan.FromSeconds(30));
        var ip = await ns.JsonPathAsync("pod/flappy", "{.status.podIP}");
        foreach (var (field, ready) in new[] { ("notReadyAddresses", "false"), ("addresses", "true"), ("notReadyAddresses", "false") })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var listed = await ns.JsonPathAsync("endpoints/flap", $"{{.subsets[*].{field}[*].ip}}");
                var slice = await ns.JsonPathAsync("endpointslices", "{.items[*].endpoints[*].conditions.ready}");
                return listed == ip && slice == ready ? null : $"{field} [{listed}], slice ready [{slice}]";
            }, TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task A_service_without_a_selector_keeps_its_hand_made_endpoints()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ep-manual");
        await ns.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: external}
            spec:
              ports: [{port: 5432}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: external}
            subsets: [{addresses: [{ip: 192.0.2.10}], ports: [{port: 5432}]}]
            """);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("192.0.2.10", await ns.JsonPathAsync("endpoints/external", "{.subsets[0].addresses[0].ip}"));
        Assert.Equal("", (await ns.Run("get", "endpointslices", "-l", "endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io", "-o", "name")).EnsureSuccess().Stdout.Trim());
    }

    [Fact]
    public async Task Nodes_get_pod_cidrs_and_pods_take_addresses_inside_them()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "ep-ipam");
        var cidrs = new Dictionary<string, string>();
        await Eventually.HoldsAsync(async () =>
        {
            var lines = (await ns.Run("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR}={.spec.podCIDRs[0]}{\"\\n\"}{end}")).EnsureSuccess().Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            cidrs = lines.Select(l => l.Split('=')).Where(p => p[1].Length > 0 && p[1] == p[2]).ToDictionary(p => p[0], p => p[1]);
            return lines.Length > 0 && cidrs.Count == lines.Length ? null : $"nodes: {string.Join("; ", lines)}";
        }, TimeSpan.FromSeconds(30));
        Assert.All(cidrs.Values, c => Assert.Matches(@"^10\.244\.\d+\.0/24$", c));
        Assert.Equal(cidrs.Count, cidrs.Values.Distinct().Count());

        (await ns.Run("create", "deployment", "ipam", "--image=nginx", "--replicas=4")).EnsureSuccess();
        (await ns.Run("rollout", "status", "deployment/ipam", "--timeout=60s")).EnsureSuccess();
        var pods = (await ns.Run("get", "pods", "-l", "app=ipam", "-o", "jsonpath={range .items[*]}{.spec.nodeName}={.status.podIP}{\"\\n\"}{end}")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, pods.Length);
        foreach (var pod in pods)
        {
            var (node, ip) = (pod.Split('=')[0], pod.Split('=')[1]);
            Assert.True(Inside(IPAddress.Parse(ip), cidrs[node]), $"pod IP {ip} is outside {node}'s podCIDR {cidrs[node]}");
        }
    }

    private static bool Inside(IPAddress ip, string cidr)
    {
        var network = IPAddress.Parse(cidr[..cidr.IndexOf('/')]).GetAddressBytes();
        var bits = int.Parse(cidr[(cidr.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var address = ip.GetAddressBytes();
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        uint ToUInt(byte[] b) => ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
        return (ToUInt(address) & mask) == (ToUInt(network) & mask);
    }
}

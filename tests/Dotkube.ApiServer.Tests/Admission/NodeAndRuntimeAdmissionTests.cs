using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Resources.Common;
using static Dotkube.ApiServer.Tests.Admission.AdmissionFixtures;

namespace Dotkube.ApiServer.Tests.Admission;

/// <summary>TaintNodesByCondition, RuntimeClass and DefaultIngressClass.</summary>
public class NodeAndRuntimeAdmissionTests
{
    [Theory]
    [InlineData("a node without taints", "{}", """[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]""")]
    [InlineData("a node with another taint", """{"taints":[{"key":"gpu","value":"yes","effect":"NoSchedule"}]}""",
        """[{"key":"gpu","value":"yes","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]""")]
    [InlineData("a node already tainted not-ready", """{"taints":[{"key":"node.kubernetes.io/not-ready","value":"x","effect":"NoSchedule"}]}""",
        """[{"key":"node.kubernetes.io/not-ready","value":"x","effect":"NoSchedule"}]""")]
    public async Task New_nodes_start_tainted_not_ready(string because, string spec, string taints)
    {
        var a = Request("", "nodes", "CREATE", Json($$"""{"metadata":{"name":"n1"},"spec":{{spec}}}"""));
        await AdmitAsync(new TaintNodesByCondition(), a);
        Assert.True(taints == a.Object!.Obj("spec")!["taints"]!.ToJsonString(), because);
    }

    [Fact]
    public async Task Node_updates_are_not_tainted()
    {
        var node = Json("""{"metadata":{"name":"n1"},"spec":{}}""");
        var a = Request("", "nodes", "UPDATE", node, (System.Text.Json.Nodes.JsonObject)node.DeepClone());
        await AdmitAsync(new TaintNodesByCondition(), a);
        Assert.Null(a.Object!.Obj("spec")!["taints"]);
    }

    private static FakeAdmissionObjects RuntimeClasses() => new FakeAdmissionObjects()
        .Add("node.k8s.io", "runtimeclasses", "", """
            {"metadata":{"name":"kata"},"handler":"kata","overhead":{"podFixed":{"cpu":"250m","memory":"120Mi"}},
             "scheduling":{"nodeSelector":{"runtime":"kata"},"tolerations":[{"key":"kata","operator":"Exists","effect":"NoSchedule"}]}}
            """)
        .Add("node.k8s.io", "runtimeclasses", "", """{"metadata":{"name":"plain"},"handler":"runc"}""");

    [Fact]
    public async Task A_runtime_class_adds_its_overhead_node_selector_and_tolerations()
    {
        var a = Pod("""
            {"metadata":{"name":"p"},"spec":{"runtimeClassName":"kata","nodeSelector":{"zone":"a"},
             "tolerations":[{"key":"other","operator":"Exists"}],"containers":[{"name":"c","image":"nginx"}]}}
            """);
        Assert.Null(await AdmitAsync(new RuntimeClassAdmission(RuntimeClasses()), a));
        var spec = a.Object!.Obj("spec")!;
        Assert.Equal("""{"cpu":"250m","memory":"120Mi"}""", spec["overhead"]!.ToJsonString());
        Assert.Equal("""{"zone":"a","runtime":"kata"}""", spec["nodeSelector"]!.ToJsonString());
        Assert.Equal("""[{"key":"other","operator":"Exists"},{"key":"kata","operator":"Exists","effect":"NoSchedule"}]""", spec["tolerations"]!.ToJsonString());
    }

    [Theory]
    [InlineData("a missing class", """{"runtimeClassName":"nope"}""", "pods \"p\" is forbidden: pod rejected: RuntimeClass \"nope\" not found")]
    [InlineData("a different overhead", """{"runtimeClassName":"kata","overhead":{"cpu":"1"}}""", "pods \"p\" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead")]
    [InlineData("the same overhead", """{"runtimeClassName":"kata","overhead":{"memory":"120Mi","cpu":"0.25"}}""", null)]
    [InlineData("an overhead without a class", """{"overhead":{"cpu":"1"}}""", "pods \"p\" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead")]
    [InlineData("an overhead with a class that defines none", """{"runtimeClassName":"plain","overhead":{"cpu":"1"}}""", "pods \"p\" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead")]
    [InlineData("a conflicting node selector", """{"runtimeClassName":"kata","nodeSelector":{"runtime":"runc"}}""",
        "pods \"p\" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[runtime] = kata; pod.spec.nodeSelector[runtime] = runc")]
    public async Task Pods_must_agree_with_their_runtime_class(string because, string spec, string? refusal)
    {
        var a = Pod($$"""{"metadata":{"name":"p"},"spec":{{spec}}}""");
        Assert.True(refusal == await AdmitAsync(new RuntimeClassAdmission(RuntimeClasses()), a), because);
    }

    [Fact]
    public void A_toleration_covered_by_a_broader_one_is_merged_away()
    {
        var merged = TolerationMerge.Merge(
            [Json("""{"key":"kata","operator":"Exists"}""")],
            [Json("""{"key":"kata","operator":"Exists","effect":"NoSchedule"}"""), Json("""{"key":"b","operator":"Equal","value":"1"}""")]);
        Assert.Equal("""[{"key":"kata","operator":"Exists"},{"key":"b","operator":"Equal","value":"1"}]""", merged.ToJsonString());
    }

    private static FakeAdmissionObjects IngressClasses() => new FakeAdmissionObjects()
        .Add("networking.k8s.io", "ingressclasses", "", """{"metadata":{"name":"nginx","creationTimestamp":"2024-01-01T00:00:00Z","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"k8s.io/ingress-nginx"}}""")
        .Add("networking.k8s.io", "ingressclasses", "", """{"metadata":{"name":"traefik","creationTimestamp":"2025-01-01T00:00:00Z","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"traefik.io/ingress-controller"}}""");

    [Theory]
    [InlineData("an ingress naming no class gets the newest default", "{}", "{}", "traefik")]
    [InlineData("an ingress naming a class keeps it", """{"ingressClassName":"nginx"}""", "{}", "nginx")]
    [InlineData("an ingress with the class annotation is left alone", "{}", """{"kubernetes.io/ingress.class":"nginx"}""", null)]
    public async Task Ingresses_without_a_class_get_the_default_one(string because, string spec, string annotations, string? expected)
    {
        var a = Request("networking.k8s.io", "ingresses", "CREATE", Json($$"""{"metadata":{"name":"web","annotations":{{annotations}}},"spec":{{spec}}}"""));
        await AdmitAsync(new DefaultIngressClass(IngressClasses()), a);
        Assert.True(expected == a.Object!.Obj("spec").Str("ingressClassName"), because);
    }
}

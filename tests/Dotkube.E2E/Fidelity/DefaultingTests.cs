using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Fidelity;

/// <summary>
/// What <c>kubectl get -o json</c> shows of freshly created objects, field by field as Kubernetes
/// 1.32 stores them before any controller touched them (pkg/apis/*/v1/defaults.go and the
/// registry strategies) and the default admission plugins (Priority, DefaultTolerationSeconds,
/// ServiceAccount; the pvc-protection finalizer waits for its controller). Upstream
/// 1.32 also prints <c>metadata: {creationTimestamp: null}</c> in pod and job templates, which
/// dotkube leaves out (see docs/STATUS.md).
/// </summary>
[Collection(SharedServerCollection.Name)]
public class DefaultingTests(SharedServerFixture fixture)
{
    private const string Container = "containers: [{name: c, image: nginx}]";

    private static readonly string PodTemplateDefaults =
        """{"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}""";

    private static readonly string ContainerDefaults =
        """{"image":"nginx","imagePullPolicy":"Always","name":"c","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}""";

    public static TheoryData<string, string, string, string> Objects => new()
    {
        {
            "a pod",
            // Left unscheduled (another scheduler's) so no node reports on it, and without the token
            // volume (its name is random); the ServiceAccount admission still names the account.
            $"apiVersion: v1\nkind: Pod\nmetadata: {{name: x}}\nspec: {{schedulerName: e2e-none, automountServiceAccountToken: false, {Container}}}\n",
            "pod/x",
            """{"spec":{"automountServiceAccountToken":false,"containers":[CONTAINER],"dnsPolicy":"ClusterFirst","enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority","priority":0,"restartPolicy":"Always","schedulerName":"e2e-none","securityContext":{},"serviceAccount":"default","serviceAccountName":"default","terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":300},{"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":300}]},"status":{"phase":"Pending","qosClass":"BestEffort"}}"""
        },
        {
            "a deployment",
            $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: x}}\nspec:\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{{Container}}}\n",
            "deployment/x",
            """{"spec":{"progressDeadlineSeconds":600,"replicas":1,"revisionHistoryLimit":10,"selector":{"matchLabels":{"app":"x"}},"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"x"}},"spec":TEMPLATE}},"status":{}}"""
        },
        {
            "a stateful set",
            $"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: x}}\nspec:\n  serviceName: x\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{{Container}}}\n",
            "statefulset/x",
            """{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},"podManagementPolicy":"OrderedReady","replicas":1,"revisionHistoryLimit":10,"selector":{"matchLabels":{"app":"x"}},"serviceName":"x","template":{"metadata":{"creationTimestamp":null,"labels":{"app":"x"}},"spec":TEMPLATE},"updateStrategy":{"rollingUpdate":{"partition":0},"type":"RollingUpdate"}},"status":{"availableReplicas":0,"replicas":0}}"""
        },
        {
            "a daemon set",
            $"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: x}}\nspec:\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{{Container}}}\n",
            "daemonset/x",
            """{"spec":{"revisionHistoryLimit":10,"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"x"}},"spec":TEMPLATE},"updateStrategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1},"type":"RollingUpdate"}},"status":{"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0}}"""
        },
        {
            "a cron job",
            $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: x}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          {Container}\n",
            "cronjob/x",
            """{"spec":{"concurrencyPolicy":"Allow","failedJobsHistoryLimit":1,"jobTemplate":{"metadata":{"creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":TEMPLATE_ONFAILURE}}},"schedule":"* * * * *","successfulJobsHistoryLimit":3,"suspend":false},"status":{}}"""
        },
        {
            "a ClusterIP service",
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  selector: {app: x}\n  ports: [{port: 80}]\n",
            "service/x",
            """{"spec":{"clusterIP":"IP","clusterIPs":["IP"],"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"port":80,"protocol":"TCP","targetPort":80}],"selector":{"app":"x"},"sessionAffinity":"None","type":"ClusterIP"},"status":{"loadBalancer":{}}}"""
        },
        {
            "a NodePort service",
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, targetPort: web}]\n",
            "service/x",
            """{"spec":{"clusterIP":"IP","clusterIPs":["IP"],"externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"nodePort":NODEPORT,"port":80,"protocol":"TCP","targetPort":"web"}],"selector":{"app":"x"},"sessionAffinity":"None","type":"NodePort"},"status":{"loadBalancer":{}}}"""
        },
        {
            "a headless service",
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  clusterIP: None\n  selector: {app: x}\n  ports: [{port: 80}]\n",
            "service/x",
            """{"spec":{"clusterIP":"None","clusterIPs":["None"],"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"port":80,"protocol":"TCP","targetPort":80}],"selector":{"app":"x"},"sessionAffinity":"None","type":"ClusterIP"},"status":{"loadBalancer":{}}}"""
        },
        {
            "a persistent volume claim",
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: x}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n",
            "pvc/x",
            """{"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"local-path","volumeMode":"Filesystem"},"status":{"phase":"Pending"}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public async Task A_fresh_object_has_upstreams_defaults(string what, string yaml, string target, string expected)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "defaults");
        // The create response is the object as stored, before any controller writes its status.
        var obj = JsonNode.Parse((await ns.RunWithInput(yaml, "create", "-f", "-", "-o", "json")).EnsureSuccess().Stdout)!.AsObject();
        Assert.Equal(obj["metadata"]!["uid"]!.GetValue<string>(), await ns.JsonPathAsync(target, "{.metadata.uid}"));

        var spec = obj["spec"]!.AsObject();
        expected = expected
            .Replace("CONTAINER", ContainerDefaults, StringComparison.Ordinal)
            .Replace("TEMPLATE_ONFAILURE", PodTemplateDefaults.Replace("Always", "OnFailure", StringComparison.Ordinal).Replace("\"dnsPolicy\"", $"\"containers\":[{ContainerDefaults}],\"dnsPolicy\"", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("TEMPLATE", PodTemplateDefaults.Replace("\"dnsPolicy\"", $"\"containers\":[{ContainerDefaults}],\"dnsPolicy\"", StringComparison.Ordinal), StringComparison.Ordinal);
        if (spec["clusterIP"]?.GetValue<string>() is { } ip && ip != "None")
        {
            expected = expected.Replace("\"IP\"", $"\"{ip}\"", StringComparison.Ordinal);
        }
        if (spec["ports"]?[0]?["nodePort"]?.GetValue<int>() is { } nodePort)
        {
            Assert.InRange(nodePort, 30000, 32767);
            expected = expected.Replace("NODEPORT", nodePort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        var actual = new JsonObject { ["spec"] = Sorted(spec), ["status"] = Sorted(obj["status"]) };
        Assert.True(JsonNode.DeepEquals(Sorted(JsonNode.Parse(expected)), actual), $"{what}:\nexpected {Sorted(JsonNode.Parse(expected))!.ToJsonString()}\nactual   {actual.ToJsonString()}");
    }

    [Fact]
    public async Task A_job_gets_a_generated_selector_and_shows_the_template_labels_as_its_own()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "defaults-job");
        // The create response is the job as stored, before the job controller writes its status.
        var yaml = $"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: pi}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      {Container}\n";
        var job = JsonNode.Parse((await ns.RunWithInput(yaml, "create", "-f", "-", "-o", "json")).EnsureSuccess().Stdout)!;

        var uid = job["metadata"]!["uid"]!.GetValue<string>();
        var labels = new JsonObject
        {
            ["batch.kubernetes.io/controller-uid"] = uid,
            ["batch.kubernetes.io/job-name"] = "pi",
            ["controller-uid"] = uid,
            ["job-name"] = "pi",
        };
        Assert.True(JsonNode.DeepEquals(labels, Sorted(job["metadata"]!["labels"])), job["metadata"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(labels, Sorted(job["spec"]!["template"]!["metadata"]!["labels"])));
        Assert.Equal($$$"""{"matchLabels":{"batch.kubernetes.io/controller-uid":"{{{uid}}}"}}""", job["spec"]!["selector"]!.ToJsonString());
        var spec = job["spec"]!;
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["completions"]!.GetValue<int>());
        Assert.Equal(1, spec["parallelism"]!.GetValue<int>());
        Assert.Equal("NonIndexed", spec["completionMode"]!.GetValue<string>());
        Assert.Equal("TerminatingOrFailed", spec["podReplacementPolicy"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.False(spec["manualSelector"]!.GetValue<bool>());
        Assert.Equal("{}", job["status"]!.ToJsonString());
    }

    [Fact]
    public async Task A_namespace_gets_the_kubernetes_finalizer_its_name_label_and_phase_active()
    {
        var name = SharedServerFixture.UniqueNamespace("defaults-ns");
        (await fixture.Server.Kubectl(["create", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}}}\n")).EnsureSuccess();

        var ns = JsonNode.Parse((await fixture.Server.Kubectl("get", "namespace", name, "-o", "json")).EnsureSuccess().Stdout)!;

        Assert.Equal($$$"""{"kubernetes.io/metadata.name":"{{{name}}}"}""", ns["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"finalizers":["kubernetes"]}""", ns["spec"]!.ToJsonString());
        Assert.Equal("""{"phase":"Active"}""", ns["status"]!.ToJsonString());
    }

    /// <summary>A copy with object keys sorted at every level, so comparisons ignore key order.</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}

using Dotkube.ApiServer.Resources.Core;
using Dotkube.Machinery.Validation;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class PodValidationTests
{
    private readonly PodStrategy _strategy = new();

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "a pod without containers", """{"containers":[]}""", "spec.containers: Required value" },
        { "a container without a name", """{"containers":[{"image":"nginx"}]}""", "spec.containers[0].name: Required value" },
        { "a container without an image", """{"containers":[{"name":"web"}]}""", "spec.containers[0].image: Required value" },
        { "a container name that is not a DNS label", """{"containers":[{"name":"Web","image":"nginx"}]}""",
            "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
        { "two containers with one name", """{"containers":[{"name":"x","image":"a"},{"name":"x","image":"b"}]}""", "spec.containers[1].name: Duplicate value: \"x\"" },
        { "an init container named like a container", """{"containers":[{"name":"x","image":"a"}],"initContainers":[{"name":"x","image":"b"}]}""",
            "spec.initContainers[0].name: Duplicate value: \"x\"" },
        { "a request above its limit", """{"containers":[{"name":"x","image":"a","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}]}""",
            "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1" },
        { "a negative quantity", """{"containers":[{"name":"x","image":"a","resources":{"requests":{"memory":"-1Gi"}}}]}""",
            "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0" },
        { "a malformed quantity", """{"containers":[{"name":"x","image":"a","resources":{"limits":{"cpu":"lots"}}}]}""",
            "spec.containers[0].resources.limits[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" },
        { "an unknown resource", """{"containers":[{"name":"x","image":"a","resources":{"limits":{"pods":"1"}}}]}""",
            "spec.containers[0].resources.limits[pods]: Invalid value: \"pods\": must be a standard resource for containers" },
        { "a container port out of range", """{"containers":[{"name":"x","image":"a","ports":[{"containerPort":70000}]}]}""",
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { "a port without a number", """{"containers":[{"name":"x","image":"a","ports":[{"name":"http"}]}]}""",
            "spec.containers[0].ports[0].containerPort: Required value" },
        { "an unknown port protocol", """{"containers":[{"name":"x","image":"a","ports":[{"containerPort":80,"protocol":"HTTP"}]}]}""",
            "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { "a port name too long", """{"containers":[{"name":"x","image":"a","ports":[{"name":"a-very-long-port-name","containerPort":80}]}]}""",
            "spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no more than 15 characters" },
        { "an env var name with '='", """{"containers":[{"name":"x","image":"a","env":[{"name":"A=B","value":"1"}]}]}""",
            "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='" },
        { "a volume with a bad name", """{"volumes":[{"name":"Data","emptyDir":{}}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.volumes[0].name: Invalid value: \"Data\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
        { "two volumes with one name", """{"volumes":[{"name":"d","emptyDir":{}},{"name":"d","emptyDir":{}}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.volumes[1].name: Duplicate value: \"d\"" },
        { "a mount of an unknown volume", """{"containers":[{"name":"x","image":"a","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}""",
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\"" },
        { "a volume with two sources", """{"volumes":[{"name":"d","emptyDir":{},"hostPath":{"path":"/x"}}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type" },
        { "a secret volume without a name", """{"volumes":[{"name":"d","secret":{}}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.volumes[0].secret.secretName: Required value" },
        { "an unknown restart policy", """{"restartPolicy":"Sometimes","containers":[{"name":"x","image":"a"}]}""",
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"" },
        { "an unknown DNS policy", """{"dnsPolicy":"Google","containers":[{"name":"x","image":"a"}]}""",
            "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"" },
        { "an unknown pull policy", """{"containers":[{"name":"x","image":"a","imagePullPolicy":"Sometimes"}]}""",
            "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
        { "a bad node selector", """{"nodeSelector":{"disk":"s s d"},"containers":[{"name":"x","image":"a"}]}""",
            "spec.nodeSelector: Invalid value: \"s s d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "a probe without a handler", """{"containers":[{"name":"x","image":"a","livenessProbe":{}}]}""",
            "spec.containers[0].livenessProbe: Required value: must specify a handler type" },
        { "a toleration with an unknown operator", """{"tolerations":[{"key":"k","operator":"In"}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\"" },
        { "an image with surrounding spaces", """{"containers":[{"name":"x","image":" nginx"}]}""",
            "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace" },
        { "an activeDeadlineSeconds of zero", """{"activeDeadlineSeconds":0,"containers":[{"name":"x","image":"a"}]}""",
            "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void An_invalid_pod_is_refused_with_the_upstream_message(string because, string spec, string expected)
    {
        var errors = CreateErrors(_strategy, Pod(spec));
        Assert.True(errors.Contains(expected), $"{because}: got [{string.Join(" | ", errors)}]");
    }

    [Fact]
    public void A_minimal_pod_is_valid() => Assert.Empty(CreateErrors(_strategy, Pod()));

    [Fact]
    public void A_pod_without_containers_has_exactly_the_upstream_error() =>
        Assert.Equal(["spec.containers: Required value"], CreateErrors(_strategy, Pod("""{"containers":[]}""")));

    [Fact]
    public void A_pod_template_reports_under_its_own_path()
    {
        var errors = new List<FieldError>();
        PodSpecValidation.ValidatePodTemplateSpec(Parse("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"x"}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"}}"""),
            "spec.template", errors);
        var messages = Messages(errors);
        Assert.Contains("spec.template.spec.containers[0].image: Required value", messages);
    }

    public static TheoryData<string, string, string, string> Updates => new()
    {
        { "changing an image is allowed", """{"containers":[{"name":"x","image":"a:1"}]}""", """{"containers":[{"name":"x","image":"a:2"}]}""", "" },
        { "changing a port is forbidden", """{"containers":[{"name":"x","image":"a","ports":[{"containerPort":80}]}]}""",
            """{"containers":[{"name":"x","image":"a","ports":[{"containerPort":81}]}]}""",
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n" },
        { "adding a container is forbidden", """{"containers":[{"name":"x","image":"a"}]}""",
            """{"containers":[{"name":"x","image":"a"},{"name":"y","image":"b"}]}""", "spec.containers: Forbidden: pod updates may not add or remove containers" },
        { "raising activeDeadlineSeconds is refused", """{"activeDeadlineSeconds":10,"containers":[{"name":"x","image":"a"}]}""",
            """{"activeDeadlineSeconds":20,"containers":[{"name":"x","image":"a"}]}""", "spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value" },
        { "adding a toleration is allowed", """{"containers":[{"name":"x","image":"a"}]}""",
            """{"tolerations":[{"key":"k","operator":"Exists"}],"containers":[{"name":"x","image":"a"}]}""", "" },
        { "changing a toleration is refused", """{"tolerations":[{"key":"k","operator":"Exists"}],"containers":[{"name":"x","image":"a"}]}""",
            """{"tolerations":[{"key":"j","operator":"Exists"}],"containers":[{"name":"x","image":"a"}]}""",
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds" },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Pod_updates_follow_upstream_rules(string because, string oldSpec, string newSpec, string expectedPrefix)
    {
        var old = Pod(oldSpec);
        _strategy.Default(old);
        _strategy.PrepareForCreate(old);
        // What the Priority admission plugin sets on create.
        old["spec"]!["priority"] = 0;
        old["spec"]!["preemptionPolicy"] = "PreemptLowerPriority";
        var updated = Pod(newSpec);
        _strategy.Default(updated);
        // A client resubmits what the server stored, including what admission set on create.
        updated["spec"]!["priority"] = 0;
        updated["spec"]!["preemptionPolicy"] = "PreemptLowerPriority";
        _strategy.PrepareForUpdate(updated, old);
        var errors = Messages(_strategy.ValidateUpdate(updated, old));
        if (expectedPrefix.Length == 0)
        {
            Assert.True(errors.Count == 0, $"{because}: got [{string.Join(" | ", errors)}]");
        }
        else
        {
            Assert.True(errors.Any(e => e.StartsWith(expectedPrefix, StringComparison.Ordinal)), $"{because}: got [{string.Join(" | ", errors)}]");
        }
    }
}

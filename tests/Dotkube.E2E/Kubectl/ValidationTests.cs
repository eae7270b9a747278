using Dotkube.E2E.Harness;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// What kubectl prints when the server rejects an object: kubectl formats an Invalid Status from
/// its kind, name and causes, so these pin the server's field paths and messages, word for word.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class ValidationTests(SharedServerFixture fixture)
{
    private static string Pod(string name, string containers) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          containers: {containers}
        """;

    public static TheoryData<string, string, string> InvalidObjects => new()
    {
        {
            "a pod without containers",
            Pod("x", "[]"),
            "The Pod \"x\" is invalid: spec.containers: Required value\n"
        },
        {
            "a configmap with an upper-case name and an underscore",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n",
            "The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
        },
        {
            "a pod with two containers of one name",
            Pod("x", "[{name: a, image: busybox}, {name: a, image: busybox}]"),
            "The Pod \"x\" is invalid: spec.containers[1].name: Duplicate value: \"a\"\n"
        },
        {
            "a pod whose container has no image",
            Pod("x", "[{name: a}]"),
            "The Pod \"x\" is invalid: spec.containers[0].image: Required value\n"
        },
        {
            "a pod with a negative cpu request",
            Pod("x", "[{name: a, image: busybox, resources: {requests: {cpu: '-1'}}}]"),
            "The Pod \"x\" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0\n"
        },
        {
            "a configmap with an invalid label value",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: -bad-\n",
            "The ConfigMap \"x\" is invalid: metadata.labels: Invalid value: \"-bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
        },
        {
            "a service with a port out of range",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 70000\n    targetPort: 80\n",
            "The Service \"x\" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidObjects))]
    public async Task Create_of_an_invalid_object_prints_the_field_errors_and_exits_1(string description, string yaml, string expected)
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "invalid");

        var result = await ns.RunWithInput(yaml, "create", "-f", "-");

        Assert.True(result.ExitCode == 1, $"{description}: {result}");
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected, result.Stderr);
    }

    [Fact]
    public async Task Several_errors_are_printed_one_per_line()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "invalid-many");

        var result = await ns.RunWithInput(Pod("x", "[{name: a}, {name: a}]"), "create", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "The Pod \"x\" is invalid: \n* spec.containers[0].image: Required value\n* spec.containers[1].image: Required value\n* spec.containers[1].name: Duplicate value: \"a\"\n",
            result.Stderr);
    }

    [Fact]
    public async Task A_malformed_quantity_cannot_be_decoded()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "invalid-qty");

        var result = await ns.RunWithInput(Pod("x", "[{name: a, image: busybox, resources: {limits: {memory: 12 apples}}}]"), "create", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
            result.Stderr);
    }

    [Fact]
    public async Task An_unknown_field_is_rejected_by_strict_field_validation()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "invalid-field");

        var result = await ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndatum:\n  k: v\n", "create", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (BadRequest): error when creating \"STDIN\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"datum\"\n", result.Stderr);
    }

    [Fact]
    public async Task Changing_an_immutable_field_is_rejected_on_update()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "invalid-immutable");
        await ns.ApplyAsync(Manifests.Deployment("web", "nginx:1.27"));

        var result = await ns.Run("patch", "deployment", "web", "--type=merge", "-p",
            """{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}""");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n",
            result.Stderr);
    }
}

using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.CustomResources;

/// <summary>Several versions of a CRD, selectable fields and name conflicts, driven by kubectl 1.32.</summary>
[Collection(SharedServerCollection.Name)]
public class CustomResourceVersionsTests(SharedServerFixture fixture)
{
    private static string Group(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..6]}.e2e.dotkube.io";

    private static string WidgetCrd(string group, string plural = "widgets", string kind = "Widget") => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{plural}}.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names:
            plural: {{plural}}
            singular: {{plural.TrimEnd('s')}}
            kind: {{kind}}
          versions:
          - name: v1
            served: true
            storage: true
            selectableFields:
            - jsonPath: .spec.color
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      color:
                        type: string
          - name: v2
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      color:
                        type: string
                      size:
                        type: integer
                        default: 3
        """;

    private async Task<KubectlNamespace> InstallAsync(string group, string prefix)
    {
        (await fixture.Server.Kubectl(["apply", "-f", "-"], WidgetCrd(group))).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/widgets.{group}")).EnsureSuccess();
        return await KubectlNamespace.CreateAsync(fixture, prefix);
    }

    [Fact]
    public async Task An_object_written_in_one_version_is_read_in_another_with_its_defaults()
    {
        var group = Group("versions");
        var ns = await InstallAsync(group, "versions");
        await ns.ApplyAsync($"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  color: red\n");

        var v2 = await ns.JsonPathAsync($"widgets.v2.{group}/w", "{.apiVersion} {.spec.color} {.spec.size}");
        var v1 = await ns.JsonPathAsync($"widgets.v1.{group}/w", "{.apiVersion} {.spec.color}");

        Assert.Equal($"{group}/v2 red 3", v2);
        Assert.Equal($"{group}/v1 red", v1);
        Assert.Equal("v1", (await fixture.Server.Kubectl("get", "crd", $"widgets.{group}", "-o", "jsonpath={.status.storedVersions}")).EnsureSuccess().Stdout.Trim('[', ']', '"'));
    }

    [Fact]
    public async Task Selectable_fields_filter_lists_and_other_fields_are_refused()
    {
        var group = Group("select");
        var ns = await InstallAsync(group, "select");
        await ns.ApplyAsync($"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: red\nspec:\n  color: red\n---\napiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: blue\nspec:\n  color: blue\n");

        var selected = (await ns.Run("get", $"widgets.{group}", "--field-selector", "spec.color=blue", "-o", "name")).EnsureSuccess();
        var refused = await ns.Run("get", $"widgets.{group}", "--field-selector", "spec.shape=round");

        Assert.Equal($"widget.{group}/blue\n", selected.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("field label not supported: spec.shape", refused.Stderr);
    }

    [Fact]
    public async Task A_crd_whose_kind_another_crd_of_the_group_holds_is_not_accepted()
    {
        var group = Group("conflict");
        await InstallAsync(group, "conflict");

        (await fixture.Server.Kubectl(["apply", "-f", "-"], WidgetCrd(group, plural: "gadgets"))).EnsureSuccess();

        await Eventually.HoldsAsync(async () =>
        {
            var condition = (await fixture.Server.Kubectl("get", "crd", $"gadgets.{group}", "-o",
                "jsonpath={.status.conditions[?(@.type==\"NamesAccepted\")].status} {.status.conditions[?(@.type==\"NamesAccepted\")].reason} {.status.conditions[?(@.type==\"NamesAccepted\")].message}")).EnsureSuccess().Stdout;
            return condition == "False KindConflict \"Widget\" is already in use" ? null : condition;
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_conversion_webhook_converts_between_versions_with_its_ca_bundle_verified()
    {
        await using var webhook = new ConversionWebhookServer();
        var group = Group("webhook");
        var crd = $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gizmos.{{group}}
            spec:
              group: {{group}}
              scope: Namespaced
              names:
                plural: gizmos
                kind: Gizmo
              conversion:
                strategy: Webhook
                webhook:
                  conversionReviewVersions: ["v1"]
                  clientConfig:
                    url: {{webhook.Url}}
                    caBundle: {{webhook.CaBundle}}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          color:
                            type: string
              - name: v2
                served: true
                storage: false
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          colour:
                            type: string
            """;
        (await fixture.Server.Kubectl(["apply", "-f", "-"], crd)).EnsureSuccess();
        (await fixture.Server.Kubectl("wait", "--for=condition=established", "--timeout=10s", $"crd/gizmos.{group}")).EnsureSuccess();
        var ns = await KubectlNamespace.CreateAsync(fixture, "webhook");

        await ns.ApplyAsync($"apiVersion: {group}/v2\nkind: Gizmo\nmetadata:\n  name: g\nspec:\n  colour: green\n");

        Assert.Equal("green", await ns.JsonPathAsync($"gizmos.v1.{group}/g", "{.spec.color}"));
        Assert.Equal($"{group}/v2 green", await ns.JsonPathAsync($"gizmos.v2.{group}/g", "{.apiVersion} {.spec.colour}"));
        Assert.True(webhook.Requests > 0);
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Tests.Admission.Webhooks;

public class WebhookMatcherTests
{
    private static readonly ResourceDefinition ConfigMaps = Dotkube.ApiServer.Resources.Core.ConfigMaps.Definition;

    private static AdmissionAttributes Attributes(ResourceDefinition def, JsonObject? obj, JsonObject? old = null, string ns = "team") =>
        new(def, obj is null ? "DELETE" : old is null ? "CREATE" : "UPDATE", ns, "x", "", obj, old, false, new UserInfo("alice", ["devs"]));

    private static JsonObject Labelled(string labels) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "x",
            ["labels"] = new JsonObject(labels.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(kv => KeyValuePair.Create(kv.Split('=')[0], (JsonNode?)JsonValue.Create(kv.Split('=')[1])))),
        },
    };

    [Theory]
    [InlineData("app=web", "app=web", "", true)]
    [InlineData("app=web", "", "", false)]
    [InlineData("app=web", "app=db", "", false)]
    [InlineData("app=web", "app=db", "app=web", true)]
    [InlineData("app=web", null, "app=web", true)]
    [InlineData("", "anything=1", "", true)]
    public void The_object_selector_matches_the_new_or_the_old_object(string selector, string? labels, string oldLabels, bool matches)
    {
        var sel = LabelSelector.Parse(selector);
        var a = Attributes(ConfigMaps, labels is null ? null : Labelled(labels), oldLabels.Length > 0 ? Labelled(oldLabels) : null);
        Assert.Equal(matches, WebhookMatcher.MatchesObject(sel, a));
    }

    [Theory]
    [InlineData("env=prod", "env=prod", true)]
    [InlineData("env=prod", "env=dev", false)]
    [InlineData("", "env=dev", true)]
    public async Task The_namespace_selector_reads_the_requests_namespace_labels(string selector, string namespaceLabels, bool matches)
    {
        var a = Attributes(ConfigMaps, Labelled(""));
        var result = await WebhookMatcher.MatchesNamespaceAsync(LabelSelector.Parse(selector), a,
            (name, _) => Task.FromResult<JsonObject?>(name == "team" ? Labelled(namespaceLabels) : null), CancellationToken.None);
        Assert.Equal(matches, result);
    }

    [Fact]
    public async Task A_namespace_is_matched_by_the_namespace_selector_on_its_own_labels()
    {
        var a = Attributes(Dotkube.ApiServer.Resources.Core.Namespaces.Definition, Labelled("env=prod"), ns: "");
        Assert.True(await WebhookMatcher.MatchesNamespaceAsync(LabelSelector.Parse("env=prod"), a,
            (_, _) => throw new InvalidOperationException("no lookup for a namespace itself"), CancellationToken.None));
    }

    [Theory]
    [InlineData("Exact", "v1beta1", false)]
    [InlineData("Equivalent", "v1beta1", true)]
    [InlineData("Exact", "v1", true)]
    public void Equivalent_matches_another_served_version_of_the_resource_but_exact_does_not(string matchPolicy, string ruleVersion, bool matches)
    {
        var def = new ResourceDefinition
        {
            Group = "example.com",
            Versions = ["v1", "v1beta1"],
            Kind = "Widget",
            Plural = "widgets",
            Singular = "widget",
            Namespaced = true,
            StoragePrefix = "/registry/widgets",
            Strategy = Dotkube.ApiServer.Resources.Core.ConfigMaps.Definition.Strategy,
        };
        var rule = AdmissionRule.FromJson(JsonNode.Parse($$"""
            {"operations":["CREATE"],"apiGroups":["example.com"],"apiVersions":["{{ruleVersion}}"],"resources":["widgets"]}
            """)!.AsObject());
        Assert.Equal(matches, WebhookMatcher.MatchesRules([rule], matchPolicy, Attributes(def, Labelled("")), "example.com/v1"));
    }

    [Theory]
    [InlineData("object.metadata.name == 'x'", true, null)]
    [InlineData("object.metadata.name == 'y'", false, null)]
    [InlineData("object.nope.deeper == 1", false, "matchCondition 'c' evaluation error")]
    public void Match_conditions_are_cel_over_the_request(string expression, bool matches, string? error)
    {
        var a = Attributes(ConfigMaps, Labelled("a=b"));
        var (result, message) = WebhookMatcher.EvaluateConditions([new MatchCondition("c", expression)], () => AdmissionCel.Variables(a, null));
        Assert.Equal(matches, result);
        if (error is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.StartsWith(error, message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("validatingwebhookconfigurations", true)]
    [InlineData("mutatingwebhookconfigurations", true)]
    [InlineData("validatingadmissionpolicies", true)]
    [InlineData("validatingadmissionpolicybindings", true)]
    public void Webhooks_are_never_called_for_admission_configuration_objects(string plural, bool exempt)
    {
        var def = Dotkube.ApiServer.Resources.AdmissionRegistration.WebhookConfigurationResources.Validating;
        var resource = new ResourceDefinition
        {
            Group = def.Group,
            Versions = def.Versions,
            Kind = "Any",
            Plural = plural,
            Singular = plural,
            Namespaced = false,
            StoragePrefix = "/x",
            Strategy = def.Strategy,
        };
        Assert.Equal(exempt, WebhookMatcher.IsExempt(Attributes(resource, Labelled(""), ns: "")));
        Assert.False(WebhookMatcher.IsExempt(Attributes(ConfigMaps, Labelled(""))));
    }
}

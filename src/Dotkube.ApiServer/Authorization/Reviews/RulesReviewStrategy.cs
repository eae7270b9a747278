using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Authorization.Reviews;

/// <summary>
/// SelfSubjectRulesReview (`kubectl auth can-i --list`): every rule the requester holds in
/// spec.namespace, split into resourceRules and nonResourceRules; incomplete, with the reason in
/// evaluationError, when some binding's role could not be resolved.
/// </summary>
public sealed class RulesReviewStrategy(IReadOnlyList<IAuthorizer> chain) : ResourceStrategy, ICreateOnlyStrategy
{
    public override IReadOnlyList<string> ValidateName(string name) => [];

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => [];

    public ValueTask<JsonObject> AnswerAsync(JsonObject obj, string ns, UserInfo user, CancellationToken ct)
    {
        var set = AuthorizerChain.RulesFor(chain, user, obj.Obj("spec").StrOrEmpty("namespace"));
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in set.Rules)
        {
            if (rule.NonResourceURLs.Count > 0)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = Strings(rule.Verbs), ["nonResourceURLs"] = Strings(rule.NonResourceURLs) });
            }
            if (rule.Resources.Count > 0)
            {
                var r = new JsonObject { ["verbs"] = Strings(rule.Verbs), ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources) };
                if (rule.ResourceNames.Count > 0)
                {
                    r["resourceNames"] = Strings(rule.ResourceNames);
                }
                resourceRules.Add(r);
            }
        }
        var status = new JsonObject
        {
            ["resourceRules"] = resourceRules,
            ["nonResourceRules"] = nonResourceRules,
            ["incomplete"] = set.Errors.Count > 0,
        };
        if (set.Errors.Count > 0)
        {
            status["evaluationError"] = RbacAuthorizer.Aggregate(set.Errors);
        }
        var answer = (JsonObject)obj.DeepClone();
        answer["status"] = status;
        return ValueTask.FromResult(answer);
    }

    private static JsonArray Strings(IReadOnlyList<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    public override IReadOnlyList<TableColumn> Columns => [TableColumn.NameColumn];
}

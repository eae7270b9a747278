using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Authorization.Reviews;

public enum AccessReviewKind { Subject, Self, Local }

/// <summary>
/// Answers an access review: may this user (the one named in spec, or the requester for a
/// SelfSubjectAccessReview) do what spec.resourceAttributes or spec.nonResourceAttributes describe?
/// status.allowed / denied / reason come from the same authorizer chain that guards requests.
/// </summary>
public sealed class AccessReviewStrategy(AccessReviewKind kind, IReadOnlyList<IAuthorizer> chain) : ResourceStrategy, ICreateOnlyStrategy
{
    public override IReadOnlyList<string> ValidateName(string name) => [];

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var resource = spec.Obj("resourceAttributes");
        var nonResource = spec.Obj("nonResourceAttributes");
        if (kind == AccessReviewKind.Local && nonResource is not null)
        {
            errors.Add(FieldError.Invalid("spec.nonResourceAttributes", nonResource.ToJsonString(), "disallowed on this kind of request"));
        }
        if (resource is not null && nonResource is not null)
        {
            errors.Add(FieldError.Invalid("spec.nonResourceAttributes", nonResource.ToJsonString(), "cannot be specified in combination with resourceAttributes"));
        }
        if (resource is null && nonResource is null)
        {
            errors.Add(FieldError.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (kind != AccessReviewKind.Self && spec.StrOrEmpty("user").Length == 0 && (spec.Arr("groups")?.Count ?? 0) == 0)
        {
            errors.Add(FieldError.Invalid("spec.user", "", "at least one of user or group must be specified"));
        }
        if (kind == AccessReviewKind.Local && resource is not null && resource.StrOrEmpty("namespace") != ObjectJson.Namespace(obj))
        {
            errors.Add(FieldError.Invalid("spec.resourceAttributes.namespace", resource.StrOrEmpty("namespace"), "must match metadata.namespace"));
        }
        return errors;
    }

    public async ValueTask<JsonObject> AnswerAsync(JsonObject obj, string ns, UserInfo user, CancellationToken ct)
    {
        var spec = obj.Obj("spec")!;
        var subject = kind == AccessReviewKind.Self ? user : SubjectOf(spec);
        var attributes = AttributesFrom(spec, subject);
        var result = await AuthorizerChain.AuthorizeAsync(chain, attributes, ct);
        var status = new JsonObject { ["allowed"] = result.Decision == AuthorizationDecision.Allow };
        if (result.Decision == AuthorizationDecision.Deny)
        {
            status["denied"] = true;
        }
        if (result.Reason.Length > 0)
        {
            status["reason"] = result.Reason;
        }
        var answer = (JsonObject)obj.DeepClone();
        answer["status"] = status;
        return answer;
    }

    public static UserInfo SubjectOf(JsonObject spec)
    {
        Dictionary<string, IReadOnlyList<string>>? extra = null;
        if (spec.Obj("extra") is { } e)
        {
            extra = e.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. (kv.Value as JsonArray).Strings()]);
        }
        return new UserInfo(spec.StrOrEmpty("user"), [.. spec.Arr("groups").Strings()], spec.StrOrEmpty("uid"), extra);
    }

    public static AuthorizationAttributes AttributesFrom(JsonObject spec, UserInfo subject)
    {
        if (spec.Obj("resourceAttributes") is { } r)
        {
            return new AuthorizationAttributes(subject, r.StrOrEmpty("verb"), true, "", r.StrOrEmpty("group"), r.StrOrEmpty("version"),
                r.StrOrEmpty("resource"), r.StrOrEmpty("subresource"), r.StrOrEmpty("namespace"), r.StrOrEmpty("name"));
        }
        var n = spec.Obj("nonResourceAttributes");
        return new AuthorizationAttributes(subject, n.StrOrEmpty("verb"), false, n.StrOrEmpty("path"));
    }

    public override IReadOnlyList<TableColumn> Columns => [TableColumn.NameColumn];
}

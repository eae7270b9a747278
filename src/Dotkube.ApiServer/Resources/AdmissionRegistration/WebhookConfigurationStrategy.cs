using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.AdmissionRegistration;

/// <summary>
/// Defaults and validation of webhook configurations (upstream pkg/apis/admissionregistration/v1
/// defaults and validation). A v1 request must give sideEffects None or NoneOnDryRun and
/// admissionReviewVersions; objects written through v1beta1 got Unknown and [v1beta1] by default.
/// </summary>
public sealed class WebhookConfigurationStrategy(bool mutating) : ResourceStrategy
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] SideEffectsV1 = ["None", "NoneOnDryRun"];
    private static readonly string[] SideEffectsV1beta1 = ["None", "NoneOnDryRun", "Some", "Unknown"];
    private static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];
    private static readonly string[] ReviewVersions = ["v1", "v1beta1"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];

    public override void Default(JsonObject obj)
    {
        foreach (var webhook in obj.Arr("webhooks").Objects())
        {
            webhook.DefaultString("failurePolicy", "Fail");
            webhook.DefaultString("matchPolicy", "Equivalent");
            webhook.Default("namespaceSelector", new JsonObject());
            webhook.Default("objectSelector", new JsonObject());
            webhook.Default("timeoutSeconds", 10);
            if (mutating)
            {
                webhook.DefaultString("reinvocationPolicy", "Never");
            }
            foreach (var rule in webhook.Arr("rules").Objects())
            {
                rule.DefaultString("scope", "*");
            }
            if (webhook.Obj("clientConfig")?.Obj("service") is { } service)
            {
                service.Default("port", 443);
            }
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => ValidateWebhooks(obj, null);

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => ValidateWebhooks(obj, old);

    /// <summary>
    /// On update, values the old object already had stay allowed (upstream's ratcheting), so an
    /// object created through v1beta1 can be edited through v1.
    /// </summary>
    private List<FieldError> ValidateWebhooks(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var v1Request = RequestVersion.Current is null or $"{WebhookConfigurationResources.Group}/v1";
        var oldSideEffects = old?.Arr("webhooks").Objects().Select(w => w.StrOrEmpty("sideEffects")).ToHashSet() ?? [];
        var names = new HashSet<string>();
        var webhooks = obj.Arr("webhooks").Objects().ToList();
        for (var i = 0; i < webhooks.Count; i++)
        {
            var w = webhooks[i];
            var path = $"webhooks[{i}]";
            var name = w.StrOrEmpty("name");
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(path + ".name"));
            }
            else
            {
                Validators.Dns1123Subdomain(name, path + ".name", errors);
                if (name.Split('.').Length < 3)
                {
                    errors.Add(FieldError.Invalid(path + ".name", name, "should be a domain with at least three segments separated by dots"));
                }
                if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(path + ".name", name));
                }
            }
            ValidateClientConfig(w.Obj("clientConfig"), path + ".clientConfig", errors);
            var rules = w.Arr("rules").Objects().ToList();
            for (var r = 0; r < rules.Count; r++)
            {
                ValidateRule(rules[r], $"{path}.rules[{r}]", errors);
            }
            Validators.OneOf(w.Str("failurePolicy"), path + ".failurePolicy", FailurePolicies, errors, required: false);
            Validators.OneOf(w.Str("matchPolicy"), path + ".matchPolicy", MatchPolicies, errors, required: false);
            var sideEffects = w.StrOrEmpty("sideEffects");
            var allowed = v1Request && !oldSideEffects.Contains(sideEffects) ? SideEffectsV1 : SideEffectsV1beta1;
            Validators.OneOf(sideEffects, path + ".sideEffects", allowed, errors, required: v1Request);
            if (w.Int("timeoutSeconds") is { } timeout && timeout is < 1 or > 30)
            {
                errors.Add(FieldError.Invalid(path + ".timeoutSeconds", timeout, "the timeout value must be between 1 and 30 seconds"));
            }
            ValidateReviewVersions(w.Arr("admissionReviewVersions"), path + ".admissionReviewVersions", v1Request, errors);
            if (mutating)
            {
                Validators.OneOf(w.Str("reinvocationPolicy"), path + ".reinvocationPolicy", ReinvocationPolicies, errors, required: false);
            }
        }
        return errors;
    }

    private static void ValidateClientConfig(JsonObject? config, string path, List<FieldError> errors)
    {
        var url = config.Str("url");
        var service = config.Obj("service");
        if ((url is null) == (service is null))
        {
            errors.Add(FieldError.Required(path, "exactly one of url or service is required"));
            return;
        }
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https")
            {
                errors.Add(FieldError.Invalid(path + ".url", url, "'https' is the only allowed URL scheme"));
            }
            return;
        }
        if (service.StrOrEmpty("name").Length == 0)
        {
            errors.Add(FieldError.Required(path + ".service.name", "service name is required"));
        }
        if (service.StrOrEmpty("namespace").Length == 0)
        {
            errors.Add(FieldError.Required(path + ".service.namespace", "service namespace is required"));
        }
        if (service.Int("port") is { } port && port is < 1 or > 65535)
        {
            errors.Add(FieldError.Invalid(path + ".service.port", port, "port is not valid: must be between 1 and 65535, inclusive"));
        }
        if (service.Str("path") is { Length: > 0 } p && !p.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(path + ".service.path", p, "must start with a '/'"));
        }
    }

    private static void ValidateRule(JsonObject rule, string path, List<FieldError> errors)
    {
        foreach (var field in new[] { "operations", "apiGroups", "apiVersions", "resources" })
        {
            if (rule.Arr(field) is not { Count: > 0 })
            {
                errors.Add(FieldError.Required($"{path}.{field}"));
            }
        }
        var operations = rule.Arr("operations").Strings().ToList();
        for (var i = 0; i < operations.Count; i++)
        {
            Validators.OneOf(operations[i], $"{path}.operations[{i}]", Operations, errors);
        }
        Validators.OneOf(rule.Str("scope"), path + ".scope", Scopes, errors, required: false);
    }

    private static void ValidateReviewVersions(JsonArray? versions, string path, bool required, List<FieldError> errors)
    {
        var list = versions.Strings().ToList();
        if (list.Count == 0)
        {
            if (required)
            {
                errors.Add(FieldError.Required(path, "must specify one of v1, v1beta1"));
            }
            return;
        }
        if (!list.Any(ReviewVersions.Contains))
        {
            errors.Add(FieldError.Invalid(path, Validators.GoDisplay(versions), "must include at least one of v1, v1beta1"));
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Webhooks", "Webhooks indicates the number of webhooks in the configuration", (o, _) => o.Arr("webhooks")?.Count ?? 0),
        TableColumn.AgeColumn,
    ];
}

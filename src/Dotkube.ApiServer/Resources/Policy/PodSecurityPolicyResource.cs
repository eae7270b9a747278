using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.ApiServer.Resources.Legacy;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Policy;

/// <summary>
/// policy/v1beta1 PodSecurityPolicies, served only with the legacy API versions: stored (as
/// policy/v1beta1, which never had a successor) and validated; enforcing them at pod admission
/// comes with the admission issue.
/// </summary>
public static class PodSecurityPolicyResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "policy",
        Versions = ["v1beta1"],
        Kind = "PodSecurityPolicy",
        Plural = "podsecuritypolicies",
        Singular = "podsecuritypolicy",
        Namespaced = false,
        ShortNames = ["psp"],
        StoragePrefix = "/registry/podsecuritypolicy",
        Strategy = new PodSecurityPolicyStrategy(),
        DeprecationWarnings = new Dictionary<string, string>
        {
            ["v1beta1"] = new ApiLifecycle(21, 25, null).Warning("policy/v1beta1", "PodSecurityPolicy"),
        },
    };
}

/// <summary>Upstream's PodSecurityPolicy defaults and the strategy checks of its spec.</summary>
public sealed class PodSecurityPolicyStrategy : ResourceStrategy
{
    private static readonly string[] SeLinuxRules = ["MustRunAs", "RunAsAny"];
    private static readonly string[] RunAsUserRules = ["MustRunAs", "MustRunAsNonRoot", "RunAsAny"];
    private static readonly string[] RunAsGroupRules = ["MayRunAs", "MustRunAs", "RunAsAny"];
    private static readonly string[] GroupRules = ["MayRunAs", "MustRunAs", "RunAsAny"];

    /// <summary>Policies written before allowPrivilegeEscalation existed stay as permissive as they were.</summary>
    public override void Default(JsonObject obj) => obj.EnsureObj("spec").Default("allowPrivilegeEscalation", true);

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        Validators.OneOf(spec.Obj("seLinux").Str("rule"), "spec.seLinux.rule", SeLinuxRules, errors);
        Validators.OneOf(spec.Obj("runAsUser").Str("rule"), "spec.runAsUser.rule", RunAsUserRules, errors);
        if (spec.Obj("runAsGroup") is { } runAsGroup)
        {
            Validators.OneOf(runAsGroup.Str("rule"), "spec.runAsGroup.rule", RunAsGroupRules, errors);
        }
        Validators.OneOf(spec.Obj("fsGroup").Str("rule"), "spec.fsGroup.rule", GroupRules, errors);
        Validators.OneOf(spec.Obj("supplementalGroups").Str("rule"), "spec.supplementalGroups.rule", GroupRules, errors);
        foreach (var field in new[] { "runAsUser", "runAsGroup", "fsGroup", "supplementalGroups" })
        {
            var ranges = spec.Obj(field).Arr("ranges").Objects().ToList();
            for (var i = 0; i < ranges.Count; i++)
            {
                var min = ranges[i].Int("min") ?? 0;
                var max = ranges[i].Int("max") ?? 0;
                if (min > max)
                {
                    errors.Add(FieldError.Invalid($"spec.{field}.ranges[{i}]", $"{min}-{max}", "min cannot be greater than max"));
                }
            }
        }
        if (spec.Bool("allowPrivilegeEscalation") == false && spec.Bool("defaultAllowPrivilegeEscalation") == true)
        {
            errors.Add(FieldError.Invalid("spec.defaultAllowPrivilegeEscalation", true, "Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true"));
        }
        return errors;
    }

    /// <summary>The columns upstream's printer had until 1.25 (no Age).</summary>
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Priv", "Determines if a pod can request to be run as privileged.", (o, _) => Bool(o.Obj("spec").Bool("privileged"))),
        GroupColumns.Text("Caps", "A list of capabilities that can be requested to add to the container.", (o, _) => List(o.Obj("spec").Arr("allowedCapabilities"))),
        GroupColumns.Text("SELinux", "Strategy that will dictate the allowable labels that may be set.", (o, _) => o.Obj("spec").Obj("seLinux").StrOrEmpty("rule")),
        GroupColumns.Text("RunAsUser", "Strategy that will dictate the allowable RunAsUser values that may be set.", (o, _) => o.Obj("spec").Obj("runAsUser").StrOrEmpty("rule")),
        GroupColumns.Text("FsGroup", "Strategy that will dictate what fs group is used by the SecurityContext.", (o, _) => o.Obj("spec").Obj("fsGroup").StrOrEmpty("rule")),
        GroupColumns.Text("SupGroup", "Strategy that will dictate what supplemental groups are used by the SecurityContext.", (o, _) => o.Obj("spec").Obj("supplementalGroups").StrOrEmpty("rule")),
        GroupColumns.Text("ReadOnlyRootFs", "When set to true, force containers to run with a read only root file system.", (o, _) => Bool(o.Obj("spec").Bool("readOnlyRootFilesystem"))),
        GroupColumns.Text("Volumes", "White list of allowed volumes. Empty indicates that all volumes may be used.", (o, _) => List(o.Obj("spec").Arr("volumes"))),
    ];

    private static string Bool(bool? value) => value == true ? "true" : "false";

    private static string List(JsonArray? values) => values is { Count: > 0 } ? string.Join(",", values.Strings()) : "";
}

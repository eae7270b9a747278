using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.ApiRegistration;

/// <summary>
/// apiregistration.k8s.io/v1 APIServices, stored and validated (kube-aggregator's rules); proxying
/// to them is the aggregation issue's, and until then nothing sets their Available condition.
/// </summary>
public static class ApiServiceResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apiregistration.k8s.io",
        Versions = ["v1"],
        Kind = "APIService",
        Plural = "apiservices",
        Singular = "apiservice",
        Namespaced = false,
        Categories = ["api-extensions"],
        Subresources = ["status"],
        StoragePrefix = "/registry/apiregistration.k8s.io/apiservices",
        Strategy = new ApiServiceStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1APIService) },
    };
}

public sealed class ApiServiceStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override IReadOnlyList<string> ValidateName(string name) => [];

    public override void Default(JsonObject obj)
    {
        if (obj.Obj("spec")?.Obj("service") is { } service)
        {
            service.Default("port", 443);
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var group = spec.StrOrEmpty("group");
        var version = spec.StrOrEmpty("version");
        var name = obj.Name();
        if (name != $"{version}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "must be `spec.version+\".\"+spec.group`"));
        }
        if (group.Length > 0)
        {
            Validators.Dns1123Subdomain(group, "spec.group", errors);
        }
        if (version.Length == 0)
        {
            errors.Add(FieldError.Required("spec.version"));
        }
        else
        {
            Validators.Dns1035Label(version, "spec.version", errors);
        }
        var groupPriority = spec.Int("groupPriorityMinimum") ?? 0;
        if (groupPriority is <= 0 or > 20000)
        {
            errors.Add(FieldError.Invalid("spec.groupPriorityMinimum", groupPriority, "must be positive and less than 20000"));
        }
        var versionPriority = spec.Int("versionPriority") ?? 0;
        if (versionPriority is <= 0 or > 1000)
        {
            errors.Add(FieldError.Invalid("spec.versionPriority", versionPriority, "must be positive and less than 1000"));
        }
        var insecure = spec.Bool("insecureSkipTLSVerify") == true;
        var hasCaBundle = spec.StrOrEmpty("caBundle").Length > 0;
        if (spec.Obj("service") is not { } service)
        {
            if (hasCaBundle)
            {
                errors.Add(FieldError.Invalid("spec.caBundle", spec.Str("caBundle"), "local APIServices may not have a caBundle"));
            }
            if (insecure)
            {
                errors.Add(FieldError.Invalid("spec.insecureSkipTLSVerify", true, "local APIServices may not have insecureSkipTLSVerify"));
            }
        }
        else
        {
            if (service.StrOrEmpty("namespace").Length == 0)
            {
                errors.Add(FieldError.Required("spec.service.namespace"));
            }
            if (service.StrOrEmpty("name").Length == 0)
            {
                errors.Add(FieldError.Required("spec.service.name"));
            }
            if (service.Int("port") is { } port && port is < 1 or > 65535)
            {
                errors.Add(FieldError.Invalid("spec.service.port", port, NameValidation.InclusiveRangeError(1, 65535)));
            }
        }
        if (insecure && hasCaBundle)
        {
            errors.Add(FieldError.Invalid("spec.insecureSkipTLSVerify", true, "may not be true if caBundle is present"));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Service", "The reference to the service that hosts this API endpoint.", (o, _) => ServiceText(o)),
        GroupColumns.Text("Available", "Whether this service is available.", (o, _) => AvailableText(o)),
        TableColumn.AgeColumn,
    ];

    private static string ServiceText(JsonObject o) =>
        o.Obj("spec")?.Obj("service") is { } s ? $"{s.StrOrEmpty("namespace")}/{s.StrOrEmpty("name")}" : "Local";

    private static string AvailableText(JsonObject o)
    {
        var condition = o.Obj("status").Arr("conditions").Objects().FirstOrDefault(c => c.Str("type") == "Available");
        return condition switch
        {
            null => "Unknown",
            _ when condition.Str("status") == "True" => "True",
            _ => $"{condition.StrOrEmpty("status")} ({condition.StrOrEmpty("reason")})",
        };
    }
}

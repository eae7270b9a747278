using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 ResourceQuotas.</summary>
public static class ResourceQuotas
{
    public static readonly IReadOnlyList<string> Scopes =
        ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"];

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "ResourceQuota",
        Plural = "resourcequotas",
        Singular = "resourcequota",
        Namespaced = true,
        ShortNames = ["quota"],
        Subresources = ["status"],
        StoragePrefix = "/registry/resourcequotas",
        Strategy = new ResourceQuotaStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ResourceQuota) },
    };

    /// <summary>The REQUEST and LIMIT cells: "name: used/hard" pairs from status, limits.* in the second.</summary>
    public static (string Request, string Limit) UsageCells(JsonObject quota)
    {
        var status = quota.Obj("status");
        var hard = status.Obj("hard") ?? [];
        var used = status.Obj("used") ?? [];
        var request = new StringBuilder();
        var limit = new StringBuilder();
        foreach (var name in hard.Select(kv => kv.Key).Order(StringComparer.Ordinal))
        {
            var target = name.Split('.') is ["limits", _, ..] ? limit : request;
            target.Append(name).Append(": ").Append(Canonical(used[name])).Append('/').Append(Canonical(hard[name])).Append(", ");
        }
        return (request.ToString().TrimEnd(' ', ','), limit.ToString().TrimEnd(' ', ','));
    }

    private static string Canonical(JsonNode? node) => node is not null && Quantity.TryParse(node, out var q) ? q.ToString() : "0";
}

/// <summary>ResourceQuotas: resource names and non-negative amounts; status belongs to the quota controller.</summary>
public sealed class ResourceQuotaStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        ValidateList(spec.Obj("hard"), "spec.hard", errors);
        foreach (var scope in spec.Arr("scopes").Strings())
        {
            if (!ResourceQuotas.Scopes.Contains(scope))
            {
                errors.Add(FieldError.NotSupported("spec.scopes", scope, ResourceQuotas.Scopes));
            }
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        ValidateList(obj.Obj("status").Obj("hard"), "status.hard", errors);
        ValidateList(obj.Obj("status").Obj("used"), "status.used", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.AgeColumn,
        new("Request", "string", "", "Request represents a minimum amount of cpu/memory that a container may consume.", 0,
            (o, _) => ResourceQuotas.UsageCells(o).Request),
        new("Limit", "string", "", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.", 0,
            (o, _) => ResourceQuotas.UsageCells(o).Limit),
    ];

    private static void ValidateList(JsonObject? list, string path, List<FieldError> errors)
    {
        foreach (var (name, node) in list ?? [])
        {
            var at = FieldPath.Key(path, name);
            ResourceRequirementsValidation.ValidateResourceName(name, at, errors);
            if (ResourceRequirementsValidation.ParseQuantity(node, at, errors) is { } q)
            {
                ResourceRequirementsValidation.ValidateQuantityValue(name, q, at, errors);
            }
        }
    }
}

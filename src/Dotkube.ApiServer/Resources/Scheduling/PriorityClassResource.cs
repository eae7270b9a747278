using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Scheduling;

/// <summary>scheduling.k8s.io/v1 priorityclasses.</summary>
public static class PriorityClassResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "scheduling.k8s.io",
        Versions = ["v1"],
        Kind = "PriorityClass",
        Plural = "priorityclasses",
        Singular = "priorityclass",
        Namespaced = false,
        ShortNames = ["pc"],
        StoragePrefix = "/registry/priorityclasses",
        Strategy = new PriorityClassStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PriorityClass) },
    };
}

/// <summary>Defaults, validation (value and preemptionPolicy fixed; system- names reserved) and table.</summary>
public sealed class PriorityClassStrategy : ResourceStrategy
{
    public const long HighestUserDefinablePriority = 1_000_000_000;
    public const string SystemPrefix = "system-";

    /// <summary>The built-in system classes and their fixed values (scheduling.SystemPriorityClasses).</summary>
    public static readonly IReadOnlyDictionary<string, long> SystemClasses = new Dictionary<string, long>
    {
        ["system-node-critical"] = 2_000_001_000,
        ["system-cluster-critical"] = 2_000_000_000,
    };

    public override void Default(JsonObject obj) => obj.DefaultString("preemptionPolicy", "PreemptLowerPriority");

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var name = obj.Name();
        var value = obj.Int("value") ?? 0;
        if (name.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            if (KnownSystemClassError(name, value, obj.Bool("globalDefault") ?? false) is { } error)
            {
                errors.Add(FieldError.Forbidden("metadata.name", $"priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: {error}"));
            }
        }
        else if (value > HighestUserDefinablePriority)
        {
            errors.Add(FieldError.Forbidden("value", $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}"));
        }
        if (obj.Str("preemptionPolicy") is { } policy)
        {
            if (policy.Length == 0)
            {
                errors.Add(FieldError.Required("preemptionPolicy"));
            }
            else if (policy is not ("PreemptLowerPriority" or "Never"))
            {
                errors.Add(FieldError.NotSupported("preemptionPolicy", policy, ["PreemptLowerPriority", "Never"]));
            }
        }
        return errors;
    }

    private static string? KnownSystemClassError(string name, long value, bool globalDefault)
    {
        if (!SystemClasses.TryGetValue(name, out var expected))
        {
            return $"{name} is not a known system priority class";
        }
        if (value != expected)
        {
            return $"value of {name} PriorityClass must be {expected}";
        }
        return globalDefault ? $"globalDefault of {name} PriorityClass must be false" : null;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        if ((obj.Int("value") ?? 0) != (old.Int("value") ?? 0))
        {
            errors.Add(FieldError.Forbidden("value", "may not be changed in an update."));
        }
        CommonValidation.ImmutableString(obj, old, "preemptionPolicy", "preemptionPolicy", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Integer("Value", "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.",
            (o, _) => o.Int("value") ?? 0),
        GroupColumns.Boolean("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.",
            (o, _) => o.Bool("globalDefault") ?? false),
        TableColumn.AgeColumn,
        GroupColumns.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
            (o, _) => o.Str("preemptionPolicy") ?? ""),
    ];
}

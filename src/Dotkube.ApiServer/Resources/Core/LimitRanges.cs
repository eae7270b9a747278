using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 LimitRanges.</summary>
public static class LimitRanges
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "LimitRange",
        Plural = "limitranges",
        Singular = "limitrange",
        Namespaced = true,
        ShortNames = ["limits"],
        StoragePrefix = "/registry/limitranges",
        Strategy = new LimitRangeStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1LimitRange) },
    };
}

/// <summary>
/// LimitRanges: one item per type; min ≤ defaultRequest ≤ default ≤ max per resource. Upstream
/// has no printer for them, so kubectl shows the default NAME / CREATED AT table.
/// </summary>
public sealed class LimitRangeStrategy : ResourceStrategy
{
    /// <summary>
    /// Upstream's defaults for Container items: a max with no default becomes the default limit;
    /// a default limit (given or from max) with no default request becomes the default request,
    /// else a min does.
    /// </summary>
    public override void Default(JsonObject obj)
    {
        foreach (var item in obj.Obj("spec").Arr("limits").Objects().Where(i => i.Str("type") == "Container"))
        {
            var defaults = Copy(item.Obj("default"));
            var requests = Copy(item.Obj("defaultRequest"));
            foreach (var (name, value) in item.Obj("max") ?? [])
            {
                defaults.TryAdd(name, value?.DeepClone());
            }
            foreach (var (name, value) in defaults)
            {
                requests.TryAdd(name, value?.DeepClone());
            }
            foreach (var (name, value) in item.Obj("min") ?? [])
            {
                requests.TryAdd(name, value?.DeepClone());
            }
            Set(item, "default", defaults);
            Set(item, "defaultRequest", requests);
        }
    }

    private static SortedDictionary<string, JsonNode?> Copy(JsonObject? list) =>
        new((list ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone()), StringComparer.Ordinal);

    private static void Set(JsonObject item, string field, SortedDictionary<string, JsonNode?> values)
    {
        if (values.Count > 0 && (item[field] as JsonObject)?.Count != values.Count)
        {
            item[field] = new JsonObject(values.Select(kv => KeyValuePair.Create(kv.Key, kv.Value)));
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var types = new HashSet<string>(StringComparer.Ordinal);
        var limits = obj.Obj("spec").Arr("limits").Objects().ToList();
        for (var i = 0; i < limits.Count; i++)
        {
            var at = $"spec.limits[{i}]";
            var type = limits[i].StrOrEmpty("type");
            if (!types.Add(type))
            {
                errors.Add(FieldError.Duplicate(at + ".type", type));
            }
            var values = new Dictionary<string, Dictionary<string, Quantity>>(StringComparer.Ordinal);
            foreach (var field in new[] { "max", "min", "default", "defaultRequest", "maxLimitRequestRatio" })
            {
                var parsed = new Dictionary<string, Quantity>(StringComparer.Ordinal);
                foreach (var (name, node) in limits[i].Obj(field) ?? [])
                {
                    var path = FieldPath.Key($"{at}.{field}", name);
                    ResourceRequirementsValidation.ValidateResourceName(name, path, errors);
                    if (ResourceRequirementsValidation.ParseQuantity(node, path, errors) is { } q)
                    {
                        ResourceRequirementsValidation.ValidateQuantityValue(name, q, path, errors);
                        parsed[name] = q;
                    }
                }
                values[field] = parsed;
            }
            if (type == "Pod" && values["default"].Count > 0)
            {
                errors.Add(FieldError.Forbidden(at + ".default", "may not be specified when `type` is 'Pod'"));
            }
            if (type == "Pod" && values["defaultRequest"].Count > 0)
            {
                errors.Add(FieldError.Forbidden(at + ".defaultRequest", "may not be specified when `type` is 'Pod'"));
            }
            foreach (var (name, min) in values["min"])
            {
                if (values["max"].TryGetValue(name, out var max) && min > max)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Key(at + ".min", name), min.ToString(), $"min value {min} is greater than max value {max}"));
                }
            }
            foreach (var (name, request) in values["defaultRequest"])
            {
                var path = FieldPath.Key(at + ".defaultRequest", name);
                if (values["min"].TryGetValue(name, out var min) && min > request)
                {
                    errors.Add(FieldError.Invalid(path, request.ToString(), $"min value {min} is greater than default request value {request}"));
                }
                if (values["max"].TryGetValue(name, out var max) && request > max)
                {
                    errors.Add(FieldError.Invalid(path, request.ToString(), $"default request value {request} is greater than max value {max}"));
                }
                if (values["default"].TryGetValue(name, out var limit) && request > limit)
                {
                    errors.Add(FieldError.Invalid(path, request.ToString(), $"default request value {request} is greater than default limit value {limit}"));
                }
            }
            foreach (var (name, limit) in values["default"])
            {
                var path = FieldPath.Key(at + ".default", name);
                if (values["min"].TryGetValue(name, out var min) && min > limit)
                {
                    errors.Add(FieldError.Invalid(path, limit.ToString(), $"min value {min} is greater than default value {limit}"));
                }
                if (values["max"].TryGetValue(name, out var max) && limit > max)
                {
                    errors.Add(FieldError.Invalid(path, limit.ToString(), $"default value {limit} is greater than max value {max}"));
                }
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Created At", "date", "", TableColumn.AgeColumn.Description, 0, (o, _) => TableFormat.CreatedAt(o)),
    ];
}

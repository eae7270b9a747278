using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Container resources: names, quantities, and requests no larger than limits.</summary>
public static class ResourceRequirementsValidation
{
    private static readonly HashSet<string> StandardContainerResources = ["cpu", "memory", "ephemeral-storage"];

    private static readonly HashSet<string> StandardResources =
    [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
        "services.nodeports", "services.loadbalancers",
    ];

    private static readonly HashSet<string> IntegerResources =
    [
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
        "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
    ];

    public static void Validate(JsonObject? resources, string path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }
        var limitsPath = FieldPath.Child(path, "limits");
        var requestsPath = FieldPath.Child(path, "requests");
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        bool limitsCpuOrMemory = false, requestsCpuOrMemory = false, hugePages = false;
        foreach (var (name, node) in resources.Obj("limits") ?? [])
        {
            var at = FieldPath.Key(limitsPath, name);
            ValidateContainerResourceName(name, at, errors);
            if (ParseQuantity(node, at, errors) is { } q)
            {
                ValidateQuantityValue(name, q, at, errors);
                limits[name] = q;
            }
            hugePages |= IsHugePages(name);
            limitsCpuOrMemory |= name is "cpu" or "memory";
        }
        foreach (var (name, node) in resources.Obj("requests") ?? [])
        {
            var at = FieldPath.Key(requestsPath, name);
            ValidateContainerResourceName(name, at, errors);
            if (ParseQuantity(node, at, errors) is { } q)
            {
                ValidateQuantityValue(name, q, at, errors);
                if (limits.TryGetValue(name, out var limit))
                {
                    if (q != limit && !IsOvercommitAllowed(name))
                    {
                        errors.Add(FieldError.Invalid(requestsPath, q.ToString(), $"must be equal to {name} limit of {limit}"));
                    }
                    else if (q > limit)
                    {
                        errors.Add(FieldError.Invalid(requestsPath, q.ToString(), $"must be less than or equal to {name} limit of {limit}"));
                    }
                }
                else if (!IsOvercommitAllowed(name) && resources.Obj("limits")?[name] is null)
                {
                    errors.Add(FieldError.Required(limitsPath, "Limit must be set for non overcommitable resources"));
                }
            }
            hugePages |= IsHugePages(name);
            requestsCpuOrMemory |= name is "cpu" or "memory";
        }
        if (hugePages && !limitsCpuOrMemory && !requestsCpuOrMemory)
        {
            errors.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
        }
    }

    /// <summary>
    /// Parses a quantity field. Upstream refuses a malformed one while decoding (a 400 naming the
    /// regular expression); here it becomes a field error with that same text, at the field.
    /// </summary>
    public static Quantity? ParseQuantity(JsonNode? node, string path, List<FieldError> errors)
    {
        if (Quantity.TryParse(node, out var q))
        {
            return q;
        }
        errors.Add(FieldError.Invalid(path, Validators.GoDisplay(node), Quantity.FormatErrorMessage));
        return null;
    }

    public static void ValidateQuantityValue(string resource, Quantity q, string path, List<FieldError> errors)
    {
        if (q.Sign < 0)
        {
            errors.Add(FieldError.Invalid(path, q.ToString(), Validators.NegativeError));
        }
        if (IsIntegerResource(resource) && q.MilliValue % 1000 != 0)
        {
            errors.Add(FieldError.Invalid(path, q.ToString(), "must be an integer"));
        }
    }

    public static void ValidateContainerResourceName(string name, string path, List<FieldError> errors)
    {
        ValidateResourceName(name, path, errors);
        if (!name.Contains('/'))
        {
            if (!IsStandardContainerResource(name))
            {
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    /// <summary>Any resource name (quotas, limit ranges): qualified, and standard when unprefixed.</summary>
    public static void ValidateResourceName(string name, string path, List<FieldError> errors)
    {
        var msgs = NameValidation.IsQualifiedName(name);
        foreach (var msg in msgs)
        {
            errors.Add(FieldError.Invalid(path, name, msg));
        }
        if (msgs.Count == 0 && !name.Contains('/') && !IsStandard(name))
        {
            errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        }
    }

    public static bool IsHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    public static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);

    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && NameValidation.IsQualifiedName("requests." + name).Count == 0;

    public static bool IsIntegerResource(string name) => IntegerResources.Contains(name) || IsExtended(name);

    private static bool IsStandardContainerResource(string name) => StandardContainerResources.Contains(name) || IsHugePages(name);

    private static bool IsStandard(string name) =>
        StandardResources.Contains(name) || IsHugePages(name) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal);
}

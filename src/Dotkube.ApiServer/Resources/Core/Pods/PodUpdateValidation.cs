using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// What may change in a pod's spec after creation (upstream ValidatePodUpdate, 1.32): container
/// images, activeDeadlineSeconds (only downwards), added tolerations, removed scheduling gates,
/// and terminationGracePeriodSeconds from negative to 1. Anything else is Forbidden.
/// </summary>
public static class PodUpdateValidation
{
    public const string UpdatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static void Validate(JsonObject pod, JsonObject old, List<FieldError> errors)
    {
        var spec = pod.Obj("spec") ?? [];
        var oldSpec = old.Obj("spec") ?? [];
        if (!ContainerUpdates(spec.Arr("containers"), oldSpec.Arr("containers"), "spec.containers", errors)
            || !ContainerUpdates(spec.Arr("initContainers"), oldSpec.Arr("initContainers"), "spec.initContainers", errors))
        {
            return;
        }
        var deadline = spec.Int("activeDeadlineSeconds");
        var oldDeadline = oldSpec.Int("activeDeadlineSeconds");
        if (deadline is { } d)
        {
            if (d is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", d, NameValidation.InclusiveRangeError(0, int.MaxValue)));
                return;
            }
            if (oldDeadline is { } od && od < d)
            {
                errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", d, "must be less than or equal to previous value"));
                return;
            }
        }
        else if (oldDeadline is not null)
        {
            errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"));
        }
        OnlyAddedTolerations(spec.Arr("tolerations"), oldSpec.Arr("tolerations"), errors);
        OnlyDeletedSchedulingGates(spec.Arr("schedulingGates"), oldSpec.Arr("schedulingGates"), errors);
        if (JsonFields.DeepEquals(spec, oldSpec))
        {
            return;
        }
        if (PodQos.Compute(old) != PodQos.Compute(pod))
        {
            errors.Add(FieldError.Invalid("metadata", pod.Obj("status").StrOrEmpty("qosClass"), "Pod QoS is immutable"));
        }
        var munged = (JsonObject)spec.DeepClone();
        CopyImages(munged.Arr("containers"), oldSpec.Arr("containers"));
        CopyImages(munged.Arr("initContainers"), oldSpec.Arr("initContainers"));
        CopyField(munged, oldSpec, "activeDeadlineSeconds");
        CopyField(munged, oldSpec, "schedulingGates");
        CopyField(munged, oldSpec, "tolerations");
        if (oldSpec.Int("terminationGracePeriodSeconds") is < 0 && munged.Int("terminationGracePeriodSeconds") == 1)
        {
            CopyField(munged, oldSpec, "terminationGracePeriodSeconds");
        }
        if (!JsonFields.DeepEquals(munged, oldSpec))
        {
            errors.Add(FieldError.Forbidden("spec", $"pod updates may not change fields other than {UpdatableFields}\n{Diff(oldSpec, munged)}"));
        }
    }

    private static bool ContainerUpdates(JsonArray? containers, JsonArray? old, string path, List<FieldError> errors)
    {
        var list = containers.Objects().ToList();
        if (list.Count != old.Objects().Count())
        {
            errors.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return false;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var image = list[i].StrOrEmpty("image");
            if (image.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Index(path, i), "image")));
            }
            if (image.Trim().Length != image.Length)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(FieldPath.Index(path, i), "image"), image, "must not have leading or trailing whitespace"));
            }
        }
        return true;
    }

    private static void OnlyAddedTolerations(JsonArray? tolerations, JsonArray? old, List<FieldError> errors)
    {
        var current = tolerations.Objects().ToList();
        foreach (var previous in old.Objects())
        {
            // tolerationSeconds of an existing toleration may change; nothing else may.
            var found = current.Any(t =>
            {
                var a = (JsonObject)previous.DeepClone();
                var b = (JsonObject)t.DeepClone();
                a.Remove("tolerationSeconds");
                b.Remove("tolerationSeconds");
                return JsonFields.DeepEquals(a, b);
            });
            if (!found)
            {
                errors.Add(FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
        SchedulingValidation.ValidateTolerations(tolerations, "spec.tolerations", errors);
    }

    private static void OnlyDeletedSchedulingGates(JsonArray? gates, JsonArray? old, List<FieldError> errors)
    {
        var previous = old.Objects().Select(g => g.StrOrEmpty("name")).ToHashSet(StringComparer.Ordinal);
        if (gates.Objects().Any(g => !previous.Contains(g.StrOrEmpty("name"))))
        {
            errors.Add(FieldError.Forbidden("spec.schedulingGates", "only deletion is allowed, but found new scheduling gate '"
                + gates.Objects().First(g => !previous.Contains(g.StrOrEmpty("name"))).StrOrEmpty("name") + "'"));
        }
    }

    private static void CopyImages(JsonArray? containers, JsonArray? old)
    {
        var olds = old.Objects().ToList();
        var news = containers.Objects().ToList();
        for (var i = 0; i < news.Count && i < olds.Count; i++)
        {
            news[i]["image"] = olds[i]["image"]?.DeepClone();
        }
    }

    private static void CopyField(JsonObject target, JsonObject source, string field)
    {
        target.Remove(field);
        if (source[field] is { } value)
        {
            target[field] = value.DeepClone();
        }
    }

    /// <summary>
    /// A readable diff of the two specs (upstream prints Go's cmp.Diff of its internal types, which
    /// cannot be reproduced byte for byte): one "-"/"+" line per changed field path.
    /// </summary>
    internal static string Diff(JsonNode? old, JsonNode? updated)
    {
        var sb = new StringBuilder("  core.PodSpec{\n");
        DiffInto(old, updated, "", sb);
        return sb.Append("  }\n").ToString();
    }

    private static void DiffInto(JsonNode? a, JsonNode? b, string path, StringBuilder sb)
    {
        if (JsonFields.DeepEquals(a, b))
        {
            return;
        }
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
            {
                DiffInto(oa[key], ob[key], FieldPath.Child(path, key), sb);
            }
            return;
        }
        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++)
            {
                DiffInto(aa[i], ab[i], FieldPath.Index(path, i), sb);
            }
            return;
        }
        if (a is not null)
        {
            sb.Append("- \t").Append(path).Append(": ").Append(a.ToJsonString()).Append('\n');
        }
        if (b is not null)
        {
            sb.Append("+ \t").Append(path).Append(": ").Append(b.ToJsonString()).Append('\n');
        }
    }
}

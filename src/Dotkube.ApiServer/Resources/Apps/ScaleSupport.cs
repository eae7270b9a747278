using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>
/// Implemented by the strategies of resources with a <c>/scale</c> subresource (deployments,
/// replicasets, statefulsets). The generic store serves autoscaling/v1 Scale through it:
/// GET builds the Scale with <see cref="ScaleSupport.ToScale"/>; PUT/PATCH validates the Scale
/// with <see cref="ScaleSupport.ValidateScale"/>, copies spec.replicas into the stored object
/// with <see cref="ScaleSupport.ApplyScale"/> and then runs the normal update path.
/// </summary>
public interface IScaleSubresource
{
    ScaleSupport Scale { get; }
}

/// <summary>How a workload maps to and from an autoscaling/v1 Scale, as upstream's scale REST does.</summary>
public sealed class ScaleSupport
{
    /// <summary>The standard mapping: spec.replicas, status.replicas and spec.selector.</summary>
    public static ScaleSupport Standard { get; } = new();

    /// <summary>spec.replicas (0 when unset, as upstream's conversion of a nil pointer).</summary>
    public long SpecReplicas(JsonObject obj) => obj.Obj("spec").Int("replicas") ?? 0;

    public long StatusReplicas(JsonObject obj) => obj.Obj("status").Int("replicas") ?? 0;

    /// <summary>The label selector string of the workload (status.selector of the Scale).</summary>
    public string Selector(JsonObject obj) => LabelSelectors.ToSelectorString(obj.Obj("spec").Obj("selector"));

    /// <summary>The Scale for an object: its name, namespace, uid, resourceVersion and creationTimestamp, spec and status.</summary>
    public JsonObject ToScale(JsonObject obj)
    {
        var meta = obj.Obj("metadata");
        var scaleMeta = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta?[key] is { } value)
            {
                scaleMeta[key] = value.DeepClone();
            }
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = SpecReplicas(obj) },
            ["status"] = new JsonObject { ["replicas"] = StatusReplicas(obj), ["selector"] = Selector(obj) },
        };
    }

    /// <summary>upstream ValidateScale (metadata beyond the name is the store's business): replicas must not be negative.</summary>
    public IReadOnlyList<FieldError> ValidateScale(JsonObject scale)
    {
        var errors = new List<FieldError>();
        var replicas = scale.Obj("spec").Int("replicas") ?? 0;
        if (replicas < 0)
        {
            errors.Add(FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
        }
        return errors;
    }

    /// <summary>Writes the Scale's spec.replicas into the workload.</summary>
    public void ApplyScale(JsonObject obj, JsonObject scale) =>
        obj.EnsureObj("spec")["replicas"] = scale.Obj("spec").Int("replicas") ?? 0;
}

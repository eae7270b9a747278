using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>Upstream's admission.NewForbidden: <c>pods "x" is forbidden: reason</c>, with details.</summary>
public static class AdmissionErrors
{
    public static StatusException Forbidden(string group, string resource, string name, string reason) =>
        new(403, "Forbidden", $"{StatusException.Qualified(group, resource)} \"{name}\" is forbidden: {reason}")
        {
            DetailsName = name,
            DetailsGroup = group,
            DetailsKind = resource,
        };

    /// <summary>
    /// Forbidden for the object under admission, named as upstream names it: the request's name,
    /// else the object's name, else its generateName, else "Unknown".
    /// </summary>
    public static StatusException Forbidden(AdmissionAttributes a, string reason) =>
        Forbidden(a.Resource.Group, a.Resource.Plural, NameOf(a), reason);

    public static string NameOf(AdmissionAttributes a)
    {
        if (a.Name.Length > 0)
        {
            return a.Name;
        }
        var meta = a.Object.Obj("metadata");
        return meta.Str("name") is { Length: > 0 } name ? name
            : meta.Str("generateName") is { Length: > 0 } generate ? generate
            : "Unknown";
    }

    /// <summary>Go's utilerrors.NewAggregate text: one error as is, several as <c>[a, b]</c>.</summary>
    public static string Aggregate(IReadOnlyList<string> errors) =>
        errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
}

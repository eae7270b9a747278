using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>The container securityContext checks that catch real mistakes (ids in range, contradictory privilege).</summary>
internal static class SecurityContextValidation
{
    public static void ValidateContainer(JsonObject? sc, string path, List<FieldError> errors)
    {
        if (sc is null)
        {
            return;
        }
        foreach (var field in new[] { "runAsUser", "runAsGroup" })
        {
            if (sc.Int(field) is { } id && id is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, field), id, NameValidation.InclusiveRangeError(0, int.MaxValue)));
            }
        }
        if (sc.Bool("privileged") == true && sc.Bool("allowPrivilegeEscalation") == false)
        {
            errors.Add(FieldError.Invalid(path, "", "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
        }
    }
}

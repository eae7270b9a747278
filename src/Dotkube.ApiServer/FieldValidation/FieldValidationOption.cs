using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;
using Microsoft.Extensions.Primitives;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>The <c>fieldValidation</c> query parameter of CreateOptions, UpdateOptions and PatchOptions.</summary>
public static class FieldValidationOption
{
    private static readonly string[] Supported = ["", "Ignore", "Strict", "Warn"];

    /// <summary>
    /// The directive the parameter names; absent or empty means Warn. Another value is refused as
    /// upstream's options validation does: 422 <c>CreateOptions.meta.k8s.io "" is invalid: ...</c>.
    /// </summary>
    /// <param name="optionsKind">CreateOptions, UpdateOptions or PatchOptions</param>
    public static FieldValidationDirective Parse(StringValues values, string optionsKind)
    {
        // Like upstream's parameter decoding, the first value counts.
        var value = values.Count > 0 ? values[0] ?? "" : "";
        switch (value)
        {
            case "" or "Warn":
                return FieldValidationDirective.Warn;
            case "Ignore":
                return FieldValidationDirective.Ignore;
            case "Strict":
                return FieldValidationDirective.Strict;
        }
        var error = FieldError.NotSupported("fieldValidation", value, Supported);
        throw Unsupported(error, optionsKind);
    }

    private static StatusException Unsupported(FieldError error, string optionsKind) =>
        new(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {error}")
        {
            DetailsGroup = "meta.k8s.io",
            DetailsKind = optionsKind,
            Causes = [new StatusCause(error.Reason, error.CauseMessage, error.Field)],
        };
}

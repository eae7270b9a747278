using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Field validation of one PATCH. As upstream: JSON and merge patches decode the patched JSON
/// strictly; strategic merge patches convert the patched map with unknown-field tracking (sorted,
/// other wording); under Warn and Strict the patch document's duplicate keys count too (for a
/// JSON patch, also unknown keys of its operations, prefixed "json patch"). Failures are 422
/// <c>patch: Invalid value</c>, with the patched JSON (or, for strategic merge, the patch in Go's
/// map notation) as the value.
/// </summary>
public sealed class PatchValidation
{
    private readonly FieldValidator validator;
    private readonly string contentType;
    private readonly byte[] patch;
    private readonly IReadOnlyList<string> patchErrors = [];
    private JsonNode? patchDocument;
    private bool patchParsed;

    internal PatchValidation(FieldValidator validator, string contentType, byte[] patch)
    {
        this.validator = validator;
        this.contentType = contentType;
        this.patch = patch;
        // An applied configuration is checked as YAML instead (FieldValidator.CheckApplyConfiguration).
        if (validator.Directive != FieldValidationDirective.Ignore && contentType != MediaTypes.ApplyPatch)
        {
            patchErrors = CheckPatchDocument();
        }
    }

    private bool Strategic => contentType == MediaTypes.StrategicMergePatch;

    /// <summary>
    /// Checks the result of applying the patch (in the served <paramref name="version"/>) and drops
    /// its unknown fields; may run again when the update retries on a conflict.
    /// </summary>
    public void CheckResult(JsonObject patched, ResourceDefinition def, string version)
    {
        if (def.Strategy is CustomResources.IUnknownFieldPruner pruner)
        {
            // Upstream sorts the pruned paths (sort.Strings).
            var unknown = pruner.PruneUnknownFields(patched, version).Order(StringComparer.Ordinal).ToList();
            var all = patchErrors.Count == 0 ? unknown : [.. patchErrors, .. unknown];
            if (all.Count > 0 && validator.Directive == FieldValidationDirective.Strict)
            {
                throw Invalid(patched, FieldValidator.StrictDecodingError(all));
            }
            if (validator.Directive != FieldValidationDirective.Ignore)
            {
                validator.Warn(all);
            }
            return;
        }
        if (!def.ModelTypes.TryGetValue(version, out var model))
        {
            return;
        }
        var style = Strategic ? DecodeStyle.Unstructured : DecodeStyle.GoJson;
        var strict = validator.Directive != FieldValidationDirective.Ignore;
        var result = TypedDecoder.Decode(patched, ModelSchemas.For(model), style, strict);
        if (result.Error is { } error)
        {
            // A decoding failure trumps strict errors, which are then incomplete.
            throw Invalid(patched, error);
        }
        var errors = patchErrors.Count == 0 ? result.StrictErrors : [.. patchErrors, .. result.StrictErrors];
        if (errors.Count > 0)
        {
            if (validator.Directive == FieldValidationDirective.Strict)
            {
                throw Invalid(patched, FieldValidator.StrictDecodingError(errors));
            }
            validator.Warn(errors);
        }
        result.ApplyToJson();
    }

    /// <summary>Strict errors of the patch document itself; 400 when it does not decode at all.</summary>
    private IReadOnlyList<string> CheckPatchDocument()
    {
        JsonNode? doc;
        DuplicateFields duplicates;
        try
        {
            doc = StrictJson.Parse(patch, out duplicates);
        }
        catch (JsonException)
        {
            // Malformed patches are refused where they are decoded for applying.
            return [];
        }
        patchDocument = doc;
        patchParsed = true;
        if (contentType == MediaTypes.JsonPatch)
        {
            if (doc is not JsonArray)
            {
                return [];
            }
            var ops = TypedDecoder.Decode(doc, ModelSchemas.JsonPatchOperations, DecodeStyle.GoJson, strict: true, duplicates);
            if (ops.Error is { } error)
            {
                throw StatusException.BadRequest($"error decoding patch: {error}");
            }
            return ops.StrictErrors.Select(e => "json patch " + e).ToList();
        }
        if (doc is not JsonObject)
        {
            return [];
        }
        return TypedDecoder.Decode(doc, ValueSchema.Interface, DecodeStyle.GoJson, strict: true, duplicates).StrictErrors;
    }

    private StatusException Invalid(JsonObject patched, string detail)
    {
        var value = Strategic ? GoText.Format(PatchDocument()) : ObjectJson.ToJsonString(patched);
        var fieldError = FieldError.Invalid("patch", value, detail);
        // Upstream builds this Invalid error with an empty kind and name.
        return new StatusException(422, "Invalid", $" \"\" is invalid: {fieldError}")
        {
            Causes = [new StatusCause(fieldError.Reason, fieldError.CauseMessage, fieldError.Field)],
        };
    }

    private JsonNode? PatchDocument()
    {
        if (!patchParsed)
        {
            patchDocument = StrictJson.Parse(patch, out _);
            patchParsed = true;
        }
        return patchDocument;
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// Server-side field validation of one write request, as upstream gets it from decoding bodies
/// into typed Go structs: unknown fields are dropped, and (by the directive) reported in Warning
/// headers or refused; duplicate keys likewise; values of the wrong JSON type are always
/// refused. Built-in resources only: a resource without a model type for the served version
/// (custom resources) is passed through unchecked.
/// </summary>
public sealed class FieldValidator
{
    private readonly Action<string> warn;

    public FieldValidator(FieldValidationDirective directive, Action<string> warn)
    {
        Directive = directive;
        this.warn = warn;
    }

    public FieldValidationDirective Directive { get; }

    /// <summary>For a request: its <c>fieldValidation</c> parameter (422 if unsupported), warnings into its response headers.</summary>
    /// <param name="optionsKind">CreateOptions, UpdateOptions or PatchOptions, for the error upstream gives a bad value</param>
    public static FieldValidator FromRequest(HttpContext ctx, string optionsKind) =>
        new(FieldValidationOption.Parse(ctx.Request.Query["fieldValidation"], optionsKind), text => ResponseWarnings.Add(ctx, text));

    private bool Strict => Directive != FieldValidationDirective.Ignore;

    /// <summary>
    /// Checks a create or update body (already in the served <paramref name="version"/>) and drops
    /// its unknown fields. Throws upstream's 400 <c>Deployment in version "v1" cannot be handled
    /// as a Deployment: ...</c> for a wrong type, or for unknown/duplicate fields under Strict.
    /// </summary>
    public void CheckObject(JsonObject obj, DuplicateFields duplicates, ResourceDefinition def, string version)
    {
        if (def.Strategy is CustomResources.IUnknownFieldPruner pruner)
        {
            // Custom resources: fields their schema does not declare are pruned, and reported.
            var unknown = pruner.PruneUnknownFields(obj, version);
            if (unknown.Count > 0 && Directive == FieldValidationDirective.Strict)
            {
                throw CannotHandle(def, version, StrictDecodingError(unknown));
            }
            if (Strict)
            {
                Warn(unknown);
            }
            return;
        }
        if (!def.ModelTypes.TryGetValue(version, out var model))
        {
            return;
        }
        var result = TypedDecoder.Decode(obj, ModelSchemas.For(model), DecodeStyle.GoJson, Strict, duplicates);
        if (result.Error is { } error)
        {
            throw CannotHandle(def, version, error);
        }
        if (result.StrictErrors.Count > 0)
        {
            if (Directive == FieldValidationDirective.Strict)
            {
                throw CannotHandle(def, version, StrictDecodingError(result.StrictErrors));
            }
            Warn(result.StrictErrors);
        }
        result.DropUnknownFields();
    }

    /// <summary>
    /// Prepares the checks of one PATCH: the patch document's own strict errors (duplicate keys;
    /// for a JSON patch also unknown keys in its operations), then <see cref="PatchValidation.CheckResult"/>
    /// on each patched object.
    /// </summary>
    public PatchValidation ForPatch(string contentType, byte[] patch) => new(this, contentType, patch);

    internal void Warn(IEnumerable<string> errors)
    {
        foreach (var e in errors)
        {
            warn(e);
        }
    }

    internal static string StrictDecodingError(IEnumerable<string> errors) => "strict decoding error: " + string.Join(", ", errors);

    private static StatusException CannotHandle(ResourceDefinition def, string version, string detail) =>
        StatusException.BadRequest($"{def.Kind} in version \"{version}\" cannot be handled as a {def.Kind}: {detail}");
}

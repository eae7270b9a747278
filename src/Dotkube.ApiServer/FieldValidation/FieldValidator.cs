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
        // A YAML body's repeated keys come first, as one error (split into lines for warnings).
        IReadOnlyList<string> yamlErrors = Strict && duplicates.YamlError is { } yamlError ? [yamlError] : [];
        if (def.Strategy is CustomResources.IUnknownFieldPruner pruner)
        {
            // Custom resources decode into a map (repeated keys reported with their paths), then
            // fields their schema does not declare are pruned and reported.
            var repeated = Strict && duplicates.Any
                ? TypedDecoder.Decode(obj, ValueSchema.Interface, DecodeStyle.GoJson, strict: true, duplicates).StrictErrors
                : [];
            // Upstream sorts the pruned paths (sort.Strings).
            var unknown = pruner.PruneUnknownFields(obj, version).Order(StringComparer.Ordinal).ToList();
            ReportStrictErrors([.. yamlErrors, .. repeated, .. unknown], detail => CannotHandle(def, version, detail));
            return;
        }
        if (!def.ModelTypes.TryGetValue(version, out var model))
        {
            if (yamlErrors.Count > 0)
            {
                ReportStrictErrors(yamlErrors, detail => CannotHandle(def, version, detail));
            }
            return;
        }
        var result = TypedDecoder.Decode(obj, ModelSchemas.For(model), DecodeStyle.GoJson, Strict, duplicates);
        if (result.Error is { } error)
        {
            throw CannotHandle(def, version, error);
        }
        ReportStrictErrors([.. yamlErrors, .. result.StrictErrors], detail => CannotHandle(def, version, detail));
        result.ApplyToJson();
    }

    /// <summary>Under Strict, throws the error made of all of them; under Warn, warns of each (YAML errors line by line).</summary>
    private void ReportStrictErrors(IReadOnlyList<string> errors, Func<string, StatusException> refusal)
    {
        if (errors.Count == 0 || !Strict)
        {
            return;
        }
        if (Directive == FieldValidationDirective.Strict)
        {
            throw refusal(StrictDecodingError(errors));
        }
        Warn(errors);
    }

    /// <summary>
    /// The strict check of a server-side apply body, made (as upstream) once the apply itself
    /// succeeded: keys the YAML (or JSON) sets twice are 400 <c>error strict decoding YAML: ...</c>
    /// under Strict, one warning each under Warn.
    /// </summary>
    public void CheckApplyConfiguration(IReadOnlyList<string> repeatedKeys)
    {
        if (!Strict || repeatedKeys.Count == 0)
        {
            return;
        }
        var error = "error converting YAML to JSON: " + Machinery.Serialization.YamlJson.UnmarshalErrors(repeatedKeys);
        if (Directive == FieldValidationDirective.Strict)
        {
            throw StatusException.BadRequest("error strict decoding YAML: " + error);
        }
        Warn([error]);
    }

    /// <summary>
    /// Prepares the checks of one PATCH: the patch document's own strict errors (duplicate keys;
    /// for a JSON patch also unknown keys in its operations), then <see cref="PatchValidation.CheckResult"/>
    /// on each patched object.
    /// </summary>
    public PatchValidation ForPatch(string contentType, byte[] patch) => new(this, contentType, patch);

    /// <summary>
    /// One warning per error, as upstream's addStrictDecodingWarnings: go-yaml's multi-line
    /// <c>yaml: unmarshal errors:</c> becomes one warning per problem line.
    /// </summary>
    internal void Warn(IEnumerable<string> errors)
    {
        foreach (var e in errors)
        {
            foreach (var line in WarningLines(e))
            {
                warn(line);
            }
        }
    }

    private const string YamlErrorsPrefix = "yaml: unmarshal errors:\n";
    private const string ConvertingYamlPrefix = "error converting YAML to JSON: " + YamlErrorsPrefix;

    internal static IEnumerable<string> WarningLines(string error)
    {
        string rest;
        if (error.StartsWith(YamlErrorsPrefix, StringComparison.Ordinal))
        {
            rest = error[YamlErrorsPrefix.Length..];
        }
        else if (error.StartsWith(ConvertingYamlPrefix, StringComparison.Ordinal))
        {
            rest = error[ConvertingYamlPrefix.Length..];
        }
        else
        {
            return [error];
        }
        return rest.Split('\n').Select(l => l.Trim());
    }

    internal static string StrictDecodingError(IEnumerable<string> errors) => "strict decoding error: " + string.Join(", ", errors);

    private static StatusException CannotHandle(ResourceDefinition def, string version, string detail) =>
        StatusException.BadRequest($"{def.Kind} in version \"{version}\" cannot be handled as a {def.Kind}: {detail}");
}

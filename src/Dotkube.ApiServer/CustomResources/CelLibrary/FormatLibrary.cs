using Cel;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// k8s.io/apiserver's format library (1.31+): format.dns1123Label(), dns1123Subdomain(),
/// dns1035Label(), qualifiedName(), dns1123LabelPrefix(), dns1123SubdomainPrefix(),
/// dns1035LabelPrefix(), labelValue(), uri(), uuid(), byte(), date(), datetime(), and
/// format.named(name) (an optional format); <c>f.validate(s)</c> is optional.none() when s is valid,
/// else optional.of(the list of upstream's error messages).
/// </summary>
internal static class FormatLibrary
{
    private static readonly Dictionary<string, CelFormat> Formats = new(StringComparer.Ordinal)
    {
        ["dns1123Label"] = new("DNS1123Label", NameValidation.IsDns1123Label),
        ["dns1123Subdomain"] = new("DNS1123Subdomain", NameValidation.IsDns1123Subdomain),
        ["dns1035Label"] = new("DNS1035Label", NameValidation.IsDns1035Label),
        ["qualifiedName"] = new("QualifiedName", NameValidation.IsQualifiedName),
        ["dns1123LabelPrefix"] = new("DNS1123LabelPrefix", s => NameValidation.IsDns1123Label(MaskTrailingDash(s))),
        ["dns1123SubdomainPrefix"] = new("DNS1123SubdomainPrefix", s => NameValidation.IsDns1123Subdomain(MaskTrailingDash(s))),
        ["dns1035LabelPrefix"] = new("DNS1035LabelPrefix", s => NameValidation.IsDns1035Label(MaskTrailingDash(s))),
        ["labelValue"] = new("LabelValue", NameValidation.IsValidLabelValue),
        ["uri"] = new("URI", s => UrlLibrary.Parse(s, out var error) is null ? [error] : []),
        ["uuid"] = new("uuid", s => StringFormats.IsValid("uuid", s) ? [] : ["does not match the UUID format"]),
        ["byte"] = new("byte", s => StringFormats.IsValid("byte", s) ? [] : ["invalid base64"]),
        ["date"] = new("date", s => StringFormats.IsValid("date", s) ? [] : ["invalid date"]),
        ["datetime"] = new("datetime", s => StringFormats.IsValid("date-time", s) ? [] : ["invalid datetime"]),
    };

    public static void Register(CelEnvironment env)
    {
        foreach (var (name, format) in Formats)
        {
            env.RegisterFunction(name, [typeof(CelNamespace)], a => IsFormat(a[0]) ? format : throw new CelNoSuchOverloadException("no such overload"));
        }
        env.RegisterFunction("named", [typeof(CelNamespace), typeof(string)], a =>
            IsFormat(a[0]) && Formats.TryGetValue((string)a[1]!, out var f) ? CelOptional.Of(f) : CelOptional.None);
        env.RegisterFunction("validate", [typeof(CelFormat), typeof(string)], a =>
            ((CelFormat)a[0]!).Validate((string)a[1]!) is { Count: > 0 } errors ? CelOptional.Of(errors.Cast<object?>().ToArray()) : CelOptional.None);
    }

    private static bool IsFormat(object? receiver) => receiver is CelNamespace { Name: "format" };

    /// <summary>apimachinery's maskTrailingDash: a prefix (as generateName) may end in '-'.</summary>
    private static string MaskTrailingDash(string s) => s.Length > 1 && s.EndsWith('-') ? s[..^2] + "a" : s;
}

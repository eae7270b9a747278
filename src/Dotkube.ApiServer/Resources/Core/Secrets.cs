using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 Secrets.</summary>
public static class Secrets
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "Secret",
        Plural = "secrets",
        Singular = "secret",
        Namespaced = true,
        StoragePrefix = "/registry/secrets",
        Strategy = new SecretStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Secret) },
    };
}

/// <summary>
/// Secrets: data is base64 (refused with upstream's 400 otherwise), stringData is folded into data,
/// type defaults to Opaque and never changes, per-type required keys, frozen once immutable.
/// </summary>
public sealed class SecretStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        Base64Data.RequireValid(obj, "data", "Secret");
        // stringData is write-only: its entries overwrite data, base64-encoded, as upstream's conversion does.
        if (obj.Obj("stringData") is { } stringData)
        {
            var data = obj.EnsureObj("data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Base64Data.Encode(JsonFields.AsString(value) ?? "");
            }
        }
        obj.Remove("stringData");
        obj.DefaultString("type", "Opaque");
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var data = obj.Obj("data") ?? [];
        long size = 0;
        foreach (var (key, value) in data)
        {
            foreach (var msg in NameValidation.IsConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Key("data", key), key, msg));
            }
            size += Base64Data.DecodedLength(value);
        }
        if (size > ConfigMapStrategy.MaxSize)
        {
            errors.Add(FieldError.TooLong("data", "", ConfigMapStrategy.MaxSize));
        }
        switch (obj.StrOrEmpty("type"))
        {
            case "kubernetes.io/service-account-token":
                if (obj.Obj("metadata").Obj("annotations").StrOrEmpty("kubernetes.io/service-account.name").Length == 0)
                {
                    errors.Add(FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]"));
                }
                break;
            case "kubernetes.io/dockercfg":
                RequireJsonKey(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJsonKey(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldError.Required("data[username]"));
                    errors.Add(FieldError.Required("data[password]"));
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (Base64Data.DecodedLength(data["ssh-privatekey"]) == 0)
                {
                    errors.Add(FieldError.Required("data[ssh-privatekey]"));
                }
                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt"))
                {
                    errors.Add(FieldError.Required("data[tls.crt]"));
                }
                if (!data.ContainsKey("tls.key"))
                {
                    errors.Add(FieldError.Required("data[tls.key]"));
                }
                break;
        }
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        if (obj.StrOrEmpty("type") != old.StrOrEmpty("type"))
        {
            errors.Add(FieldError.Invalid("type", obj.StrOrEmpty("type"), "field is immutable"));
        }
        ConfigMapStrategy.ImmutableContent(obj, old, ["data"], errors);
        errors.AddRange(Validate(obj));
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Type", "string", "", ColumnDocs.SecretType, 0, (o, _) => o.StrOrEmpty("type")),
        new("Data", "string", "", ColumnDocs.SecretData, 0, (o, _) => (long)(o.Obj("data")?.Count ?? 0)),
        TableColumn.AgeColumn,
    ];

    public override void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes) =>
        attributes["type"] = obj.StrOrEmpty("type");

    private static void RequireJsonKey(JsonObject data, string key, List<FieldError> errors)
    {
        var path = FieldPath.Key("data", key);
        if (JsonFields.AsString(data[key]) is not { } encoded)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            if (JsonNode.Parse(text) is not JsonObject)
            {
                errors.Add(FieldError.Invalid(path, "<secret contents redacted>", "json: cannot unmarshal into Go value of type map[string]interface {}"));
            }
        }
        catch (JsonException e)
        {
            // Go's wording differs in detail; the field and the redaction match upstream.
            errors.Add(FieldError.Invalid(path, "<secret contents redacted>", e.Message));
        }
    }
}

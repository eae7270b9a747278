using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Container env and envFrom, with 1.32's relaxed variable names (RelaxedEnvironmentVariableValidation is beta, on).</summary>
internal static class EnvValidation
{
    public const string RelaxedEnvVarNameError = "a valid environment variable name must consist only of printable ASCII characters other than '='";

    // Downward API fields a container may read into an env var (sorted, as upstream lists them).
    private static readonly string[] EnvFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    private static readonly string[] FieldLabels =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
        "status.podIP", "status.podIPs", "spec.host",
    ];

    private static readonly string[] ResourceFields =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    public static IReadOnlyList<string> IsRelaxedEnvVarName(string value)
    {
        var errs = new List<string>();
        if (value.Length == 0)
        {
            errs.Add("environment variable name " + NameValidation.EmptyError());
        }
        if (value.Any(c => c is < ' ' or > '~' || c == '='))
        {
            errs.Add(RelaxedEnvVarNameError);
        }
        return errs;
    }

    public static void ValidateEnv(JsonArray? env, string path, List<FieldError> errors)
    {
        var list = env.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var at = FieldPath.Index(path, i);
            var name = list[i].StrOrEmpty("name");
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "name")));
            }
            foreach (var msg in IsRelaxedEnvVarName(name))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "name"), name, msg));
            }
            ValidateValueFrom(list[i], FieldPath.Child(at, "valueFrom"), errors);
        }
    }

    public static void ValidateEnvFrom(JsonArray? envFrom, string path, List<FieldError> errors)
    {
        var list = envFrom.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var at = FieldPath.Index(path, i);
            var source = list[i];
            if (source.Str("prefix") is { Length: > 0 } prefix)
            {
                foreach (var msg in IsRelaxedEnvVarName(prefix))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(at, "prefix"), prefix, msg));
                }
            }
            var sources = 0;
            foreach (var kind in new[] { "configMapRef", "secretRef" })
            {
                if (source.Obj(kind) is { } reference)
                {
                    sources++;
                    Validators.RequiredSubdomain(reference.Str("name"), FieldPath.Child(at, kind, "name"), errors);
                }
            }
            if (sources == 0)
            {
                errors.Add(FieldError.Invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (sources > 1)
            {
                errors.Add(FieldError.Forbidden(path, "may not have more than one field specified at a time"));
            }
        }
    }

    private static void ValidateValueFrom(JsonObject env, string path, List<FieldError> errors)
    {
        if (env.Obj("valueFrom") is not { } from)
        {
            return;
        }
        var sources = 0;
        if (from.Obj("fieldRef") is { } fieldRef)
        {
            sources++;
            ValidateFieldRef(fieldRef, FieldPath.Child(path, "fieldRef"), errors);
        }
        if (from.Obj("resourceFieldRef") is { } resourceRef)
        {
            sources++;
            ValidateResourceFieldRef(resourceRef, FieldPath.Child(path, "resourceFieldRef"), errors);
        }
        foreach (var kind in new[] { "configMapKeyRef", "secretKeyRef" })
        {
            if (from.Obj(kind) is { } keyRef)
            {
                sources++;
                Validators.RequiredSubdomain(keyRef.Str("name"), FieldPath.Child(path, kind, "name"), errors);
                var key = keyRef.StrOrEmpty("key");
                if (key.Length == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(path, kind, "key")));
                }
                else
                {
                    foreach (var msg in NameValidation.IsConfigMapKey(key))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(path, kind, "key"), key, msg));
                    }
                }
            }
        }
        if (sources == 0)
        {
            errors.Add(FieldError.Invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (env.StrOrEmpty("value").Length != 0)
        {
            errors.Add(FieldError.Invalid(path, "", "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errors.Add(FieldError.Invalid(path, "", "may not have more than one field specified at a time"));
        }
    }

    private static void ValidateFieldRef(JsonObject fieldRef, string path, List<FieldError> errors)
    {
        var apiVersion = fieldRef.StrOrEmpty("apiVersion");
        var fieldPath = fieldRef.StrOrEmpty("fieldPath");
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "apiVersion")));
            return;
        }
        if (fieldPath.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "fieldPath")));
            return;
        }
        if (apiVersion != "v1")
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "fieldPath"), fieldPath, "error converting fieldPath: unsupported pod version: " + apiVersion));
            return;
        }
        if (SplitSubscript(fieldPath) is var (basePath, subscript))
        {
            if (basePath is not ("metadata.annotations" or "metadata.labels"))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "fieldPath"), fieldPath, "error converting fieldPath: field label does not support subscript: " + fieldPath));
                return;
            }
            foreach (var msg in NameValidation.IsQualifiedName(basePath == "metadata.annotations" ? subscript.ToLowerInvariant() : subscript))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(path, "fieldPath"), subscript, msg));
            }
            return;
        }
        if (!FieldLabels.Contains(fieldPath))
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, "fieldPath"), fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
            return;
        }
        var internalPath = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath;
        if (!EnvFieldPaths.Contains(internalPath) || internalPath is "metadata.annotations" or "metadata.labels")
        {
            errors.Add(FieldError.NotSupported(FieldPath.Child(path, "fieldPath"), internalPath,
                EnvFieldPaths.Where(p => p is not ("metadata.annotations" or "metadata.labels"))));
        }
    }

    private static void ValidateResourceFieldRef(JsonObject resourceRef, string path, List<FieldError> errors)
    {
        var resource = resourceRef.StrOrEmpty("resource");
        if (resource.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "resource")));
        }
        else if (!ResourceFields.Contains(resource) && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal)
            && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Child(path, "resource"), resource, ResourceFields));
        }
    }

    /// <summary>"metadata.labels['app']" → ("metadata.labels", "app"); null when not subscripted.</summary>
    private static (string Path, string Subscript)? SplitSubscript(string fieldPath)
    {
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }
        var open = fieldPath.IndexOf("['", StringComparison.Ordinal);
        if (open <= 0)
        {
            return null;
        }
        return (fieldPath[..open], fieldPath[(open + 2)..^2]);
    }
}

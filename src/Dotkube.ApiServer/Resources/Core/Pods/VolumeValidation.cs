using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Pod volumes and the containers' mounts of them.</summary>
internal static class VolumeValidation
{
    public const string FileModeError = "must be a number between 0 and 0777 (octal), both inclusive";

    // Upstream checks volume sources in this order; the first one found counts, later ones are "more than 1".
    private static readonly string[] SourceKinds =
    [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
        "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "downwardAPI", "fc",
        "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO",
        "configMap", "storageos", "projected", "csi", "ephemeral", "image",
    ];

    private static readonly string[] HostPathTypes =
        ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    /// <summary>Validates the volumes and returns the valid ones by name, for mounts to refer to.</summary>
    public static IReadOnlyDictionary<string, JsonObject> ValidateVolumes(JsonArray? volumes, string path, List<FieldError> errors)
    {
        var valid = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var list = volumes.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var volume = list[i];
            var at = FieldPath.Index(path, i);
            var own = new List<FieldError>();
            ValidateSource(volume, at, own);
            var name = volume.StrOrEmpty("name");
            if (name.Length == 0)
            {
                own.Add(FieldError.Required(FieldPath.Child(at, "name")));
            }
            else
            {
                Validators.Dns1123Label(name, FieldPath.Child(at, "name"), own);
            }
            if (valid.ContainsKey(name))
            {
                own.Add(FieldError.Duplicate(FieldPath.Child(at, "name"), name));
            }
            if (own.Count == 0)
            {
                valid[name] = volume;
            }
            errors.AddRange(own);
        }
        return valid;
    }

    private static void ValidateSource(JsonObject volume, string path, List<FieldError> errors)
    {
        var count = 0;
        foreach (var kind in SourceKinds)
        {
            if (volume.Obj(kind) is not { } source)
            {
                continue;
            }
            var at = FieldPath.Child(path, kind);
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(at, "may not specify more than 1 volume type"));
                continue;
            }
            count++;
            switch (kind)
            {
                case "emptyDir":
                    if (source["sizeLimit"] is { } limit && Quantity.TryParse(limit, out var q) && q.Sign < 0)
                    {
                        errors.Add(FieldError.Forbidden(FieldPath.Child(at, "sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                    }
                    break;
                case "hostPath":
                    var hostPath = source.StrOrEmpty("path");
                    if (hostPath.Length == 0)
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(at, "path")));
                        break;
                    }
                    NoBacksteps(hostPath, FieldPath.Child(at, "path"), errors);
                    var type = source.StrOrEmpty("type");
                    if (!HostPathTypes.Contains(type))
                    {
                        errors.Add(FieldError.NotSupported(FieldPath.Child(at, "type"), type, HostPathTypes));
                    }
                    break;
                case "secret":
                    Required(source, "secretName", at, errors);
                    FileMode(source, "defaultMode", at, errors);
                    KeyToPaths(source.Arr("items"), FieldPath.Child(at, "items"), errors);
                    break;
                case "configMap":
                    Required(source, "name", at, errors);
                    FileMode(source, "defaultMode", at, errors);
                    KeyToPaths(source.Arr("items"), FieldPath.Child(at, "items"), errors);
                    break;
                case "persistentVolumeClaim":
                    Required(source, "claimName", at, errors);
                    break;
                case "nfs":
                    Required(source, "server", at, errors);
                    var nfsPath = source.StrOrEmpty("path");
                    if (nfsPath.Length == 0)
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(at, "path")));
                    }
                    else if (!nfsPath.StartsWith('/'))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(at, "path"), nfsPath, "must be an absolute path"));
                    }
                    break;
                case "downwardAPI":
                    FileMode(source, "defaultMode", at, errors);
                    var items = source.Arr("items").Objects().ToList();
                    for (var i = 0; i < items.Count; i++)
                    {
                        var itemPath = FieldPath.Index(FieldPath.Child(at, "items"), i);
                        var p = items[i].StrOrEmpty("path");
                        if (p.Length == 0)
                        {
                            errors.Add(FieldError.Required(FieldPath.Child(itemPath, "path")));
                        }
                        LocalNonReservedPath(p, FieldPath.Child(itemPath, "path"), errors);
                        FileMode(items[i], "mode", itemPath, errors);
                    }
                    break;
                case "projected":
                    FileMode(source, "defaultMode", at, errors);
                    break;
                case "csi":
                    Required(source, "driver", at, errors);
                    break;
                case "ephemeral":
                    if (source.Obj("volumeClaimTemplate") is null)
                    {
                        errors.Add(FieldError.Required(FieldPath.Child(at, "volumeClaimTemplate")));
                    }
                    break;
            }
        }
        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a volume type"));
        }
    }

    public static void ValidateVolumeMounts(JsonObject container, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var devices = container.Arr("volumeDevices").Objects().ToList();
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        var list = container.Arr("volumeMounts").Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var mount = list[i];
            var at = FieldPath.Index(path, i);
            var name = mount.StrOrEmpty("name");
            var mountPath = mount.StrOrEmpty("mountPath");
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "name")));
            }
            if (!volumes.ContainsKey(name))
            {
                errors.Add(FieldError.NotFound(FieldPath.Child(at, "name"), name));
            }
            if (mountPath.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "mountPath")));
            }
            if (!mountPaths.Add(mountPath))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "mountPath"), mountPath, "must be unique"));
            }
            if (devices.Any(d => d.StrOrEmpty("name") == name))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "name"), name, "must not already exist in volumeDevices"));
            }
            if (devices.Any(d => d.StrOrEmpty("devicePath") == mountPath))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
            }
            // Upstream reports subPath problems at the list's path, not the entry's.
            var subPath = mount.StrOrEmpty("subPath");
            if (subPath.Length > 0)
            {
                LocalDescendingPath(subPath, FieldPath.Child(path, "subPath"), errors);
            }
            var subPathExpr = mount.StrOrEmpty("subPathExpr");
            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                {
                    errors.Add(FieldError.Invalid(FieldPath.Child(at, "subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }
                LocalDescendingPath(subPathExpr, FieldPath.Child(path, "subPathExpr"), errors);
            }
            if (mount.Str("mountPropagation") is { } propagation)
            {
                Validators.OneOf(propagation, FieldPath.Child(path, "mountPropagation"), ["Bidirectional", "HostToContainer", "None"], errors);
            }
        }
    }

    public static void ValidateVolumeDevices(JsonObject container, IReadOnlyDictionary<string, JsonObject> volumes, string path, List<FieldError> errors)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = container.Arr("volumeDevices").Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var at = FieldPath.Index(path, i);
            var name = list[i].StrOrEmpty("name");
            var devicePath = list[i].StrOrEmpty("devicePath");
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "name")));
            }
            if (!names.Add(name))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "name"), name, "must be unique"));
            }
            if (!volumes.TryGetValue(name, out var volume))
            {
                errors.Add(FieldError.NotFound(FieldPath.Child(at, "name"), name));
            }
            else if (!volume.Has("persistentVolumeClaim") && !volume.Has("ephemeral"))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
            }
            if (devicePath.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "devicePath")));
            }
            if (!paths.Add(devicePath))
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "devicePath"), devicePath, "must be unique"));
            }
        }
    }

    private static void Required(JsonObject source, string field, string path, List<FieldError> errors)
    {
        if (source.StrOrEmpty(field).Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, field)));
        }
    }

    private static void FileMode(JsonObject source, string field, string path, List<FieldError> errors)
    {
        if (source.Int(field) is { } mode && mode is < 0 or > 511)
        {
            errors.Add(FieldError.Invalid(FieldPath.Child(path, field), mode, FileModeError));
        }
    }

    private static void KeyToPaths(JsonArray? items, string path, List<FieldError> errors)
    {
        var list = items.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var at = FieldPath.Index(path, i);
            if (list[i].StrOrEmpty("key").Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "key")));
            }
            var p = list[i].StrOrEmpty("path");
            if (p.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Child(at, "path")));
            }
            LocalNonReservedPath(p, FieldPath.Child(at, "path"), errors);
            FileMode(list[i], "mode", at, errors);
        }
    }

    public static void LocalDescendingPath(string target, string path, List<FieldError> errors)
    {
        if (target.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(path, target, "must be a relative path"));
        }
        NoBacksteps(target, path, errors);
    }

    private static void LocalNonReservedPath(string target, string path, List<FieldError> errors)
    {
        LocalDescendingPath(target, path, errors);
        if (target.StartsWith("..", StringComparison.Ordinal) && !target.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, target, "must not start with '..'"));
        }
    }

    private static void NoBacksteps(string target, string path, List<FieldError> errors)
    {
        if (target.Split('/', '\\').Contains(".."))
        {
            errors.Add(FieldError.Invalid(path, target, "must not contain '..'"));
        }
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Apps;

/// <summary>apps/v1 controllerrevisions: immutable snapshots of a controller's template.</summary>
public static class ControllerRevisionResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "apps",
        Versions = ["v1"],
        Kind = "ControllerRevision",
        Plural = "controllerrevisions",
        Singular = "controllerrevision",
        Namespaced = true,
        StoragePrefix = "/registry/controllerrevisions",
        Strategy = new ControllerRevisionStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ControllerRevision) },
    };
}

public sealed class ControllerRevisionStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        if (obj["data"] is null)
        {
            errors.Add(FieldError.Required("data", "data is mandatory"));
        }
        CommonValidation.NonNegative(obj.Int("revision") ?? 0, "revision", errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        CommonValidation.Immutable(obj["data"], old["data"], "data", GoSyntax.Raw("runtime.RawExtension{Raw:[]uint8{...}, Object:runtime.Object(nil)}"), errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Controller", "Controller of the object", (o, _) => ControllerOf(o)),
        GroupColumns.Text("Revision", "Revision indicates the revision of the state represented by Data.", (o, _) => o.Int("revision") ?? 0),
        TableColumn.AgeColumn,
    ];

    /// <summary>The controlling owner as <c>kind.group/name</c> in lower case, or &lt;none&gt;.</summary>
    public static string ControllerOf(JsonObject obj)
    {
        var owner = obj.Obj("metadata").Arr("ownerReferences").Objects().FirstOrDefault(r => r.Bool("controller") == true);
        if (owner is null)
        {
            return "<none>";
        }
        var apiVersion = owner.StrOrEmpty("apiVersion");
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var kind = owner.StrOrEmpty("kind");
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        var name = owner.StrOrEmpty("name");
        return groupKind.Length == 0 ? name : groupKind.ToLowerInvariant() + "/" + name;
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Node;

/// <summary>node.k8s.io/v1 runtimeclasses.</summary>
public static class RuntimeClassResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "node.k8s.io",
        Versions = ["v1"],
        Kind = "RuntimeClass",
        Plural = "runtimeclasses",
        Singular = "runtimeclass",
        Namespaced = false,
        StoragePrefix = "/registry/runtimeclasses",
        Strategy = new RuntimeClassStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1RuntimeClass) },
    };
}

/// <summary>The handler is a DNS label and never changes.</summary>
public sealed class RuntimeClassStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var handler = obj.StrOrEmpty("handler");
        foreach (var msg in NameValidation.IsDns1123Label(handler))
        {
            errors.Add(FieldError.Invalid("handler", handler, msg));
        }
        var i = 0;
        foreach (var toleration in obj.Obj("scheduling").Arr("tolerations").Objects())
        {
            if (toleration.Str("operator") is { } op && op is not ("Exists" or "Equal"))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(FieldPath.Index("scheduling.tolerations", i), "operator"), op, ["Equal", "Exists"]));
            }
            i++;
        }
        ObjectMetaValidation.ValidateLabels(obj.Obj("scheduling").Obj("nodeSelector"), "scheduling.nodeSelector", errors);
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = new List<FieldError>();
        CommonValidation.ImmutableString(obj, old, "handler", "handler", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Handler", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.",
            (o, _) => o.StrOrEmpty("handler")),
        TableColumn.AgeColumn,
    ];
}

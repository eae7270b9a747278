using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>core/v1 ServiceAccounts.</summary>
public static class ServiceAccounts
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "",
        Versions = ["v1"],
        Kind = "ServiceAccount",
        Plural = "serviceaccounts",
        Singular = "serviceaccount",
        Namespaced = true,
        ShortNames = ["sa"],
        Subresources = ["token"],
        ReturnDeletedObject = true,
        StoragePrefix = "/registry/serviceaccounts",
        Strategy = new ServiceAccountStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1ServiceAccount) },
    };
}

public sealed class ServiceAccountStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var pullSecrets = obj.Arr("imagePullSecrets").Objects().ToList();
        for (var i = 0; i < pullSecrets.Count; i++)
        {
            if (pullSecrets[i].StrOrEmpty("name").Length == 0)
            {
                errors.Add(FieldError.Required($"imagePullSecrets[{i}].name"));
            }
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        new("Secrets", "string", "", ColumnDocs.ServiceAccountSecrets, 0, (o, _) => (long)(o.Arr("secrets")?.Count ?? 0)),
        TableColumn.AgeColumn,
    ];
}

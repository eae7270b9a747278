using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>Shorthands for building kubectl table columns as upstream's printers declare them.</summary>
public static class GroupColumns
{
    public const string ContainersDescription = "Names of each container in the template.";
    public const string ImagesDescription = "Images referenced by each container in the template.";

    public static TableColumn Text(string name, string description, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority = 0) =>
        new(name, "string", "", description, priority, cell);

    public static TableColumn Integer(string name, string description, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority = 0) =>
        new(name, "integer", "", description, priority, cell);

    public static TableColumn Boolean(string name, string description, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority = 0) =>
        new(name, "boolean", "", description, priority, cell);

    /// <summary>The wide "Containers" and "Images" columns of a workload, read from its pod template spec.</summary>
    public static TableColumn[] ContainersAndImages(Func<JsonObject, JsonObject?> podSpec) =>
    [
        Text("Containers", ContainersDescription, (o, _) => TableFormat.Containers(podSpec(o).Arr("containers")).Names, 1),
        Text("Images", ImagesDescription, (o, _) => TableFormat.Containers(podSpec(o).Arr("containers")).Images, 1),
    ];

    /// <summary>
    /// The columns of upstream's default table convertor, used for resources without a printer
    /// (roles, clusterroles): Name and "Created At" as an RFC 3339 date.
    /// </summary>
    public static IReadOnlyList<TableColumn> Default { get; } =
    [
        TableColumn.NameColumn,
        new TableColumn("Created At", "date", "", TableColumn.AgeColumn.Description, 0, (o, _) => TableFormat.CreatedAt(o)),
    ];
}

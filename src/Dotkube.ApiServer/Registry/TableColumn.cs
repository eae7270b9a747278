using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// One column of <c>kubectl get</c> output (a Table column definition plus how to compute the
/// cell). Priority 0 columns always show; priority 1 only with <c>-o wide</c>.
/// </summary>
/// <param name="Type">OpenAPI type: string, integer, number, boolean, date.</param>
/// <param name="Format">"name" for the Name column, "" otherwise.</param>
/// <param name="Cell">the cell value (string, long, int, double, bool or null) for an object at a given time.</param>
public sealed record TableColumn(
    string Name,
    string Type,
    string Format,
    string Description,
    int Priority,
    Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
{
    public static TableColumn NameColumn { get; } = new(
        "Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
        0, (o, _) => o["metadata"]?["name"]?.GetValue<string>());

    public static TableColumn AgeColumn { get; } = new(
        "Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        0, (o, now) => HumanDuration.Age(o, now));
}

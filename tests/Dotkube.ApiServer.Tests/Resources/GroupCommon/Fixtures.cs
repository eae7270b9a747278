using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Tests.Resources.GroupCommon;

/// <summary>Small helpers for the group resource tests: JSON fixtures, error texts and table cells.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A pod template that passes pod validation once defaulted.</summary>
    public static string Template(string labels = "{\"app\":\"web\"}", string extraSpec = "") =>
        $$"""{"metadata":{"labels":{{labels}} },"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]{{extraSpec}} } }""";

    public static List<string> Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToList();

    /// <summary>The cells of one object's table row, as the table converter would compute them.</summary>
    public static List<string?> Row(IResourceStrategy strategy, JsonObject obj) =>
        strategy.Columns.Select(c => Text(c.Cell(obj, Now))).ToList();

    private static string? Text(JsonNode? cell) =>
        cell is JsonValue v && v.TryGetValue<string>(out var s) ? s : cell?.ToJsonString();

    /// <summary>JSON text in the serializer's compact form, for comparing with ToJsonString.</summary>
    public static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    public static List<string> Headers(IResourceStrategy strategy, bool wide = false) =>
        strategy.Columns.Where(c => wide || c.Priority == 0).Select(c => c.Name.ToUpperInvariant()).ToList();

    /// <summary>Runs the store's create order on a fresh object: metadata, prepare, default, validate.</summary>
    public static (JsonObject Object, List<string> Errors) Create(IResourceStrategy strategy, JsonObject obj)
    {
        var meta = (JsonObject)(obj["metadata"] ??= new JsonObject());
        meta["uid"] ??= "11111111-2222-3333-4444-555555555555";
        meta["creationTimestamp"] ??= "2024-05-01T11:00:00Z";
        strategy.PrepareForCreate(obj);
        strategy.Default(obj);
        return (obj, Messages(strategy.Validate(obj)));
    }

    /// <summary>The store's update order: prepare, default, validate against the old object.</summary>
    public static List<string> Update(IResourceStrategy strategy, JsonObject obj, JsonObject old)
    {
        strategy.PrepareForUpdate(obj, old);
        strategy.Default(obj);
        return Messages(strategy.ValidateUpdate(obj, old));
    }
}

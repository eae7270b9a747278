using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Tests.Resources.Core;

/// <summary>Small objects to start each case from, and helpers to edit and inspect them.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject Pod(string spec = """{"containers":[{"name":"web","image":"nginx:1.27"}]}""") =>
        Parse($$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":{{spec}}}""");

    public static string Ago(TimeSpan age) => (Now - age).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToList();

    /// <summary>Defaults then validates, as the store does on create.</summary>
    public static IReadOnlyList<string> CreateErrors(Registry.IResourceStrategy strategy, JsonObject obj)
    {
        strategy.Default(obj);
        strategy.PrepareForCreate(obj);
        return Messages(strategy.Validate(obj));
    }

    public static JsonNode? Cell(Registry.IResourceStrategy strategy, JsonObject obj, string column) =>
        strategy.Columns.Single(c => c.Name == column).Cell(obj, Now);
}

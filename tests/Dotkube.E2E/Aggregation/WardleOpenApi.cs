using System.Text.Json.Nodes;

namespace Dotkube.E2E.Aggregation;

/// <summary>
/// The OpenAPI a Go extension server would publish for its Flunder kind: swagger 2.0 at
/// /openapi/v2 (paths under /apis and definitions with x-kubernetes-group-version-kind), an
/// /openapi/v3 index and the group-version's OpenAPI 3.0 document.
/// </summary>
public static class WardleOpenApi
{
    public const string SizeDescription = "How big the flunder is, in flunder units.";

    public static string DefinitionPrefix(string group, string version) => $"{string.Join('.', group.Split('.').Reverse())}.{version}";

    public static JsonObject V2(string group, string version)
    {
        var prefix = DefinitionPrefix(group, version);
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "wardle", ["version"] = "v0" },
            ["paths"] = new JsonObject
            {
                [$"/apis/{group}/{version}/namespaces/{{namespace}}/flunders"] = new JsonObject
                {
                    ["get"] = Operation("listNamespacedFlunder", "list", group, version, $"#/definitions/{prefix}.FlunderList"),
                    ["parameters"] = new JsonArray(PathParameter("namespace")),
                },
                [$"/apis/{group}/{version}/namespaces/{{namespace}}/flunders/{{name}}"] = new JsonObject
                {
                    ["get"] = Operation("readNamespacedFlunder", "get", group, version, $"#/definitions/{prefix}.Flunder"),
                    ["parameters"] = new JsonArray(PathParameter("name"), PathParameter("namespace")),
                },
                // Not under /apis: the aggregator leaves it out.
                ["/version/"] = new JsonObject { ["get"] = new JsonObject { ["operationId"] = "getWardleVersion", ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } } } },
            },
            ["definitions"] = Definitions(group, version, "#/definitions/"),
        };
    }

    public static JsonObject V3Index(string group, string version) => new()
    {
        ["paths"] = new JsonObject
        {
            [$"apis/{group}/{version}"] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/apis/{group}/{version}?hash=WARDLE0123456789" },
            ["version"] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/version?hash=VERSION" },
        },
    };

    public static JsonObject V3(string group, string version)
    {
        var definitions = Definitions(group, version, "#/components/schemas/");
        definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "ObjectMeta is metadata that all persisted resources must have.",
            ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string", ["description"] = "Name must be unique within a namespace." } },
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "wardle", ["version"] = "v0" },
            // kubectl explain finds the kind through the get operations of the resource's paths.
            ["paths"] = new JsonObject
            {
                [$"/apis/{group}/{version}/namespaces/{{namespace}}/flunders"] = new JsonObject { ["get"] = V3Operation("listNamespacedFlunder", "list", group, version, "FlunderList") },
                [$"/apis/{group}/{version}/namespaces/{{namespace}}/flunders/{{name}}"] = new JsonObject { ["get"] = V3Operation("readNamespacedFlunder", "get", group, version, "Flunder") },
            },
            ["components"] = new JsonObject { ["schemas"] = definitions },
        };
    }

    private static JsonObject Definitions(string group, string version, string refPrefix)
    {
        var prefix = DefinitionPrefix(group, version);
        return new JsonObject
        {
            [$"{prefix}.Flunder"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "A Flunder is a thing the wardle server keeps.",
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = new JsonObject { ["type"] = "string", ["description"] = "APIVersion of the object." },
                    ["kind"] = new JsonObject { ["type"] = "string", ["description"] = "Kind of the object." },
                    ["metadata"] = new JsonObject { ["$ref"] = refPrefix + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
                    ["spec"] = new JsonObject { ["$ref"] = refPrefix + $"{prefix}.FlunderSpec" },
                },
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = "Flunder", ["version"] = version }),
            },
            [$"{prefix}.FlunderSpec"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "FlunderSpec is what a flunder should be.",
                ["properties"] = new JsonObject { ["size"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = SizeDescription } },
            },
            [$"{prefix}.FlunderList"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "FlunderList is a list of Flunders.",
                ["required"] = new JsonArray("items"),
                ["properties"] = new JsonObject
                {
                    ["items"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = refPrefix + $"{prefix}.Flunder" } },
                },
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = "FlunderList", ["version"] = version }),
            },
        };
    }

    private static JsonObject Operation(string id, string action, string group, string version, string schemaRef) => new()
    {
        ["description"] = $"{action} Flunder",
        ["consumes"] = new JsonArray("*/*"),
        ["produces"] = new JsonArray("application/json"),
        ["schemes"] = new JsonArray("https"),
        ["tags"] = new JsonArray("wardle"),
        ["operationId"] = id,
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["schema"] = new JsonObject { ["$ref"] = schemaRef } },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        },
        ["x-kubernetes-action"] = action,
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["kind"] = "Flunder", ["version"] = version },
    };

    private static JsonObject V3Operation(string id, string action, string group, string version, string kind) => new()
    {
        ["operationId"] = id,
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{DefinitionPrefix(group, version)}.{kind}" } } },
            },
        },
        ["x-kubernetes-action"] = action,
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["kind"] = "Flunder", ["version"] = version },
    };

    private static JsonObject PathParameter(string name) => new()
    {
        ["uniqueItems"] = true,
        ["type"] = "string",
        ["description"] = $"{name} of the Flunder",
        ["name"] = name,
        ["in"] = "path",
        ["required"] = true,
    };
}

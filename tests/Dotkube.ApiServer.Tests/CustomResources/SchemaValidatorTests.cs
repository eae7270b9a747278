using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;

namespace Dotkube.ApiServer.Tests.CustomResources;

public class SchemaValidatorTests
{
    private const string Schema = """
    {
      "type": "object",
      "properties": {
        "spec": {
          "type": "object",
          "required": ["cronSpec"],
          "properties": {
            "cronSpec": { "type": "string", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$" },
            "replicas": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 10 },
            "ratio": { "type": "number", "exclusiveMinimum": true, "minimum": 0, "exclusiveMaximum": true, "maximum": 1 },
            "mode": { "type": "string", "enum": ["Fast", "Slow"] },
            "name": { "type": "string", "minLength": 2, "maxLength": 5 },
            "tags": { "type": "array", "minItems": 1, "maxItems": 2, "items": { "type": "string" } },
            "labels": { "type": "object", "maxProperties": 1, "additionalProperties": { "type": "string" } },
            "when": { "type": "string", "format": "date-time" },
            "id": { "type": "string", "format": "uuid" },
            "port": { "x-kubernetes-int-or-string": true },
            "note": { "type": "string", "nullable": true },
            "flag": { "type": "boolean" },
            "ratio2": { "type": "integer" }
          }
        }
      }
    }
    """;

    private static readonly StructuralSchema Parsed = StructuralSchema.Parse(JsonNode.Parse(Schema)!.AsObject());

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "a valid object has no errors", """{"spec":{"cronSpec":"* * * * */5","replicas":3}}""", [] },
        { "a string where an integer belongs is a type error", """{"spec":{"cronSpec":"* * * * *","replicas":"string"}}""",
            ["spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""] },
        { "a float where an integer belongs is a type error", """{"spec":{"cronSpec":"* * * * *","replicas":1.5}}""",
            ["spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\""] },
        { "a whole float passes as an integer", """{"spec":{"cronSpec":"* * * * *","replicas":2.0}}""", [] },
        { "a missing required field is reported by its path", """{"spec":{}}""", ["spec.cronSpec: Required value"] },
        { "a pattern mismatch quotes the pattern", """{"spec":{"cronSpec":"nope"}}""",
            ["spec.cronSpec: Invalid value: \"nope\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'"] },
        { "below the minimum", """{"spec":{"cronSpec":"* * * * *","replicas":0}}""",
            ["spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"] },
        { "above the maximum", """{"spec":{"cronSpec":"* * * * *","replicas":11}}""",
            ["spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"] },
        { "exclusive bounds refuse the bound itself", """{"spec":{"cronSpec":"* * * * *","ratio":1}}""",
            ["spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1"] },
        { "exclusive minimum", """{"spec":{"cronSpec":"* * * * *","ratio":0}}""",
            ["spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"] },
        { "a value outside the enum is unsupported", """{"spec":{"cronSpec":"* * * * *","mode":"Medium"}}""",
            ["spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\""] },
        { "too short a string", """{"spec":{"cronSpec":"* * * * *","name":"a"}}""",
            ["spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long"] },
        { "too long a string", """{"spec":{"cronSpec":"* * * * *","name":"abcdef"}}""",
            ["spec.name: Too long: may not be more than 5 bytes"] },
        { "too few items", """{"spec":{"cronSpec":"* * * * *","tags":[]}}""",
            ["spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"] },
        { "too many items", """{"spec":{"cronSpec":"* * * * *","tags":["a","b","c"]}}""",
            ["spec.tags: Too many: 3: must have at most 2 items"] },
        { "item types are checked with their index", """{"spec":{"cronSpec":"* * * * *","tags":["a",1]}}""",
            ["spec.tags[1]: Invalid value: \"integer\": spec.tags[1] in body must be of type string: \"integer\""] },
        { "too many properties", """{"spec":{"cronSpec":"* * * * *","labels":{"a":"1","b":"2"}}}""",
            ["spec.labels: Too many: 2: must have at most 1 items"] },
        { "map values are checked by key", """{"spec":{"cronSpec":"* * * * *","labels":{"a":1}}}""",
            ["spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\""] },
        { "a date-time format is checked", """{"spec":{"cronSpec":"* * * * *","when":"yesterday"}}""",
            ["spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\""] },
        { "a valid date-time passes", """{"spec":{"cronSpec":"* * * * *","when":"2024-01-02T03:04:05Z"}}""", [] },
        { "a uuid format is checked", """{"spec":{"cronSpec":"* * * * *","id":"not-a-uuid"}}""",
            ["spec.id: Invalid value: \"not-a-uuid\": spec.id in body must be of type uuid: \"not-a-uuid\""] },
        { "int-or-string takes an integer", """{"spec":{"cronSpec":"* * * * *","port":8080}}""", [] },
        { "int-or-string takes a string", """{"spec":{"cronSpec":"* * * * *","port":"http"}}""", [] },
        { "int-or-string refuses a boolean", """{"spec":{"cronSpec":"* * * * *","port":true}}""",
            ["spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""] },
        { "null is fine where nullable", """{"spec":{"cronSpec":"* * * * *","note":null}}""", [] },
        { "null is a type error where not nullable", """{"spec":{"cronSpec":"* * * * *","flag":null}}""",
            ["spec.flag: Invalid value: \"null\": spec.flag in body must be of type boolean: \"null\""] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validates_as_upstream(string because, string json, string[] expected)
    {
        var errors = SchemaValidator.Validate(JsonNode.Parse(json), Parsed).Select(e => e.ToString()).ToArray();

        Assert.True(expected.SequenceEqual(errors), $"{because}: got [{string.Join(" | ", errors)}]");
    }

    [Theory]
    [InlineData("a set with a repeated value", """{"type":"object","properties":{"s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}""",
        """{"s":["a","b","a"]}""", "s[2]: Duplicate value: \"a\"")]
    [InlineData("a map list with a repeated key", """{"type":"object","properties":{"m":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}}}}}}""",
        """{"m":[{"name":"x"},{"name":"x"}]}""", "m[1]: Duplicate value: map[string]interface {}{\"name\":\"x\"}")]
    public void List_types_refuse_duplicates(string because, string schema, string json, string expected)
    {
        var errors = ListTypes.Validate(JsonNode.Parse(json), StructuralSchema.Parse(JsonNode.Parse(schema)!.AsObject()));

        Assert.True(errors.Count == 1, because);
        Assert.Equal(expected, errors[0].ToString());
    }

    [Fact]
    public void An_embedded_resource_needs_apiVersion_and_kind()
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}
            """)!.AsObject());
        var errors = new List<Machinery.Validation.FieldError>();

        EmbeddedResources.Validate(JsonNode.Parse("""{"template":{"metadata":{"name":"Bad_Name"}}}"""), schema, "", errors, isRoot: true);

        Assert.Equal(
            ["template.kind: Required value: must not be empty", "template.apiVersion: Required value: must not be empty",
             "template.metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            errors.Select(e => e.ToString()));
    }
}

using System.Text.Json.Nodes;
using Dotkube.Machinery.Serialization;

namespace Dotkube.Machinery.Tests.Serialization;

public class YamlJsonTests
{
    private static string Json(string yaml) => YamlJson.Parse(yaml)?.ToJsonString() ?? "null";

    // go-yaml v2 (what sigs.k8s.io/yaml uses) types plain scalars the YAML 1.1 way.
    [Theory]
    [InlineData("a: yes", """{"a":true}""")]
    [InlineData("a: No", """{"a":false}""")]
    [InlineData("a: on", """{"a":true}""")]
    [InlineData("a: OFF", """{"a":false}""")]
    [InlineData("a: y", """{"a":true}""")]
    [InlineData("a: True", """{"a":true}""")]
    [InlineData("a: 'yes'", """{"a":"yes"}""")]
    [InlineData("a: \"on\"", """{"a":"on"}""")]
    [InlineData("a: yEs", """{"a":"yEs"}""")]
    [InlineData("a: ~", """{"a":null}""")]
    [InlineData("a: null", """{"a":null}""")]
    [InlineData("a:", """{"a":null}""")]
    [InlineData("a: 12", """{"a":12}""")]
    [InlineData("a: -12", """{"a":-12}""")]
    [InlineData("a: +12", """{"a":12}""")]
    [InlineData("a: 0777", """{"a":511}""")]
    [InlineData("a: 0o17", """{"a":15}""")]
    [InlineData("a: 0x1F", """{"a":31}""")]
    [InlineData("a: 0b101", """{"a":5}""")]
    [InlineData("a: 1_000", """{"a":1000}""")]
    [InlineData("a: 08", """{"a":8}""")]
    [InlineData("a: 99999999999999999999", """{"a":99999999999999999999}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: 1.0", """{"a":1}""")]
    [InlineData("a: 1e3", """{"a":1000}""")]
    [InlineData("a: .5", """{"a":0.5}""")]
    [InlineData("a: 1.5e-7", """{"a":1.5e-7}""")]
    [InlineData("a: 1e21", """{"a":1e+21}""")]
    [InlineData("a: 2001-12-14", """{"a":"2001-12-14"}""")]
    [InlineData("a: 2024-01-01T00:00:00Z", """{"a":"2024-01-01T00:00:00Z"}""")]
    [InlineData("a: 1.2.3", """{"a":"1.2.3"}""")]
    [InlineData("a: 500m", """{"a":"500m"}""")]
    [InlineData("a: 1Gi", """{"a":"1Gi"}""")]
    [InlineData("a: '1'", """{"a":"1"}""")]
    [InlineData("a: !!str 1", """{"a":"1"}""")]
    [InlineData("a: !!float 1", """{"a":1}""")]
    [InlineData("a: !!binary aGVsbG8=", """{"a":"hello"}""")]
    [InlineData("a: |\n  x\n  y\n", """{"a":"x\ny\n"}""")]
    [InlineData("a: >\n  x\n  y\n", """{"a":"x y\n"}""")]
    [InlineData("a: [1, two, {b: c}]", """{"a":[1,"two",{"b":"c"}]}""")]
    [InlineData("yes: 1\n1: 2\n1.5: 3", """{"true":1,"1":2,"1.5":3}""")]
    [InlineData("- a\n- b", """["a","b"]""")]
    [InlineData("just text", "\"just text\"")]
    [InlineData("", "null")]
    [InlineData("# only a comment\n", "null")]
    public void Scalars_are_typed_as_go_yaml_v2_types_them(string yaml, string json) => Assert.Equal(json, Json(yaml));

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved() =>
        Assert.Equal(
            """{"base":{"b":1,"c":2},"copy":{"b":1,"c":2},"merged":{"b":1,"c":3,"d":4}}""",
            Json("base: &x\n  b: 1\n  c: 2\ncopy: *x\nmerged:\n  <<: *x\n  c: 3\n  d: 4\n"));

    [Fact]
    public void A_list_of_merge_sources_gives_earlier_maps_precedence() =>
        Assert.Equal(
            """{"a":{"k":1},"b":{"k":2},"c":{"k":1}}""",
            Json("a: &a {k: 1}\nb: &b {k: 2}\nc:\n  <<: [*a, *b]\n"));

    [Fact]
    public void Multi_document_streams_skip_empty_documents_unless_asked()
    {
        const string yaml = "a: 1\n---\n---\nb: 2\n---\n# nothing\n";
        Assert.Equal(["""{"a":1}""", """{"b":2}"""], YamlJson.ParseAll(yaml).Select(d => d!.ToJsonString()));
        Assert.Equal(4, YamlJson.ParseAll(yaml, keepEmpty: true).Count);
        Assert.Equal("""{"a":1}""", Json(yaml));
    }

    [Theory]
    [InlineData("a: b: c\n", "yaml: line 1: mapping values are not allowed in this context")]
    [InlineData("a:\n  - b\n c: d\n", "yaml: line 2: did not find expected key")]
    [InlineData("key: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'")]
    [InlineData("a: @x\n", "yaml: line 1: found character that cannot start any token")]
    [InlineData("a: *nope\n", "yaml: unknown anchor 'nope' referenced")]
    [InlineData("a: .inf\n", "json: unsupported value: +Inf")]
    [InlineData("a: !!int x\n", "yaml: cannot decode !!str `x` as a !!int")]
    [InlineData("a:\n  <<: 1\n", "yaml: map merge requires map or sequence of maps as the value")]
    public void Malformed_yaml_fails_with_go_yaml_wording(string yaml, string message) =>
        Assert.Equal(message, Assert.Throws<YamlJsonException>(() => YamlJson.Parse(yaml)).Message);

    [Fact]
    public void A_non_scalar_key_is_refused() =>
        Assert.StartsWith("unsupported map key of type: []interface {}", Assert.Throws<YamlJsonException>(() => YamlJson.Parse("? [1]\n: x\n")).Message);

    [Fact]
    public void Objects_print_as_go_yaml_prints_them()
    {
        var pod = JsonNode.Parse("""
            {"kind":"Pod","apiVersion":"v1",
             "metadata":{"name":"web","creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web","n":"no"},
                         "annotations":{"note":"line1\nline2\n","empty":"","num":"123","colon":"a: b","star":"*x"}},
             "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"args":[]}],
                     "nodeSelector":{},"terminationGracePeriodSeconds":30,"enable":true,"ratio":1.5,"opt":null}}
            """);
        const string expected = """
            apiVersion: v1
            kind: Pod
            metadata:
              annotations:
                colon: 'a: b'
                empty: ""
                note: |
                  line1
                  line2
                num: "123"
                star: '*x'
              creationTimestamp: "2024-05-01T10:00:00Z"
              labels:
                app: web
                "n": "no"
              name: web
            spec:
              containers:
              - args: []
                image: nginx
                name: c
                ports:
                - containerPort: 80
              enable: true
              nodeSelector: {}
              opt: null
              ratio: 1.5
              terminationGracePeriodSeconds: 30

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), YamlJson.ToYaml(pod));
    }

    [Theory]
    [InlineData("a2,a10,a1", "a1,a2,a10")]
    [InlineData("b,B,_z,a", "_z,B,a,b")]
    [InlineData("spec,apiVersion,kind,metadata,status", "apiVersion,kind,metadata,spec,status")]
    public void Keys_are_sorted_the_go_yaml_way(string keys, string sorted)
    {
        var obj = new JsonObject();
        foreach (var k in keys.Split(','))
        {
            obj[k] = 1;
        }
        var printed = YamlJson.ToYaml(obj).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]);
        Assert.Equal(sorted.Split(','), printed);
    }

    [Theory]
    [InlineData("""{"a":1000000.0}""", "a: 1e+06\n")]
    [InlineData("""{"a":0.00001}""", "a: 1e-05\n")]
    [InlineData("""{"a":123456.7}""", "a: 123456.7\n")]
    [InlineData("""{"a":12345678901234567890}""", "a: 12345678901234567890\n")]
    [InlineData("""{"a":"1:20"}""", "a: \"1:20\"\n")]
    [InlineData("""{"a":"2024-01-01"}""", "a: \"2024-01-01\"\n")]
    [InlineData("""{"a":"2024-13-01"}""", "a: 2024-13-01\n")]
    [InlineData("""{"a":"~"}""", "a: \"~\"\n")]
    [InlineData("""{"a":"1.5"}""", "a: \"1.5\"\n")]
    [InlineData("""{"a":"ünï"}""", "a: ünï\n")]
    [InlineData("""[1,"x"]""", "- 1\n- x\n")]
    [InlineData("""{"a":"x\r\ny"}""", "a: \"x\\r\\ny\"\n")]
    [InlineData("""{"a":"x\ny"}""", "a: |-\n  x\n  y\n")]
    [InlineData("""{"a":"  x"}""", "a: '  x'\n")]
    [InlineData("""{"a":"a #b"}""", "a: 'a #b'\n")]
    [InlineData("""{"a":"http://x:80/y"}""", "a: http://x:80/y\n")]
    [InlineData("\"text\"", "text\n")]
    public void Scalars_print_quoted_only_when_they_would_read_back_differently(string json, string yaml) =>
        Assert.Equal(yaml, YamlJson.ToYaml(JsonNode.Parse(json)));

    [Fact]
    public void Printing_and_parsing_round_trip()
    {
        var original = JsonNode.Parse("""{"a":{"b":["x","yes","1",2,true,null,"line\nbreak"],"c":{}},"d":"2024-01-01T00:00:00Z","e":""}""");
        Assert.Equal(original!.ToJsonString(), YamlJson.Parse(YamlJson.ToYaml(original))!.ToJsonString());
    }
}

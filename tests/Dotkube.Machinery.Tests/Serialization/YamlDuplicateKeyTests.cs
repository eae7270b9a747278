using Dotkube.Machinery.Serialization;

namespace Dotkube.Machinery.Tests.Serialization;

public class YamlDuplicateKeyTests
{
    // The body of upstream's field validation integration test: its expected lines are 10, 12 and 26.
    private const string InvalidDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: nginx
        spec:
          unknown1: val1
          unknownDupe: valDupe
          unknownDupe: valDupe2
          paused: true
          paused: false
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:latest
                unknownNested: val1
                imagePullPolicy: Always
                imagePullPolicy: Never
        """;

    [Fact]
    public void Repeated_keys_are_reported_as_go_yaml_strict_decoding_words_them_and_the_last_value_wins()
    {
        var repeated = new List<string>();
        var json = YamlJson.Parse(InvalidDeployment, repeated)!;

        Assert.Equal(
            [
                "line 10: key \"unknownDupe\" already set in map",
                "line 12: key \"paused\" already set in map",
                "line 26: key \"imagePullPolicy\" already set in map",
            ],
            repeated);
        Assert.False((bool)json["spec"]!["paused"]!);
        Assert.Equal("Never", (string?)json["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Theory]
    [InlineData("a: 1\nb: 2\n", new string[0])]
    [InlineData("{\"a\": 1,\n \"a\": 2}", new[] { "line 2: key \"a\" already set in map" })]
    [InlineData("1: x\n1: y\n", new[] { "line 2: key 1 already set in map" })]
    [InlineData("a:\n  b: 1\na:\n\n  b: 2\n", new[] { "line 5: key \"a\" already set in map" })]
    public void Json_bodies_and_non_string_keys_are_reported_too(string yaml, string[] expected)
    {
        var repeated = new List<string>();
        YamlJson.Parse(yaml, repeated);
        Assert.Equal(expected, repeated);
    }

    [Fact]
    public void The_errors_read_as_one_go_yaml_error()
    {
        Assert.Equal("yaml: unmarshal errors:\n  line 2: key \"a\" already set in map\n  line 3: key \"b\" already set in map",
            YamlJson.UnmarshalErrors(["line 2: key \"a\" already set in map", "line 3: key \"b\" already set in map"]));
    }
}

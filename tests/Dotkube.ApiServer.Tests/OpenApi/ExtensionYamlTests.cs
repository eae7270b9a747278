using System.Text.Json.Nodes;
using Dotkube.ApiServer.OpenApi;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class ExtensionYamlTests
{
    [Theory]
    [InlineData("\"merge\"", "merge\n")]
    [InlineData("\"merge,retainKeys\"", "\"merge,retainKeys\"\n")]
    [InlineData("\"\"", "\"\"\n")]
    [InlineData("\"true\"", "\"true\"\n")]
    [InlineData("\"1\"", "\"1\"\n")]
    [InlineData("\"apps/v1\"", "apps/v1\n")]
    [InlineData("true", "true\n")]
    [InlineData("[\"name\",\"protocol\"]", "- name\n- protocol\n")]
    [InlineData("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}", "group: \"\"\nkind: Pod\nversion: v1\n")]
    [InlineData("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"},{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1beta1\"}]",
        "- group: apps\n  kind: Deployment\n  version: v1\n- group: apps\n  kind: Deployment\n  version: v1beta1\n")]
    [InlineData("{\"a\":{\"b\":[\"c\"]}}", "a:\n  b:\n    - c\n")]
    [InlineData("[]", "[]\n")]
    public void ValuesBecomeYamlThatReadsBackTheSame(string json, string yaml) =>
        Assert.Equal(yaml, ExtensionYaml.Encode(JsonNode.Parse(json)));
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;

namespace Dotkube.ApiServer.Tests.CustomResources;

public class CelRulesTests
{
    private static List<string> Run(string rules, string value, string? old = null)
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse(
            """{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":""" + rules + ""","properties":{"replicas":{"type":"integer"},"minReplicas":{"type":"integer"},"name":{"type":"string"},"items":{"type":"array","items":{"type":"string"}},"labels":{"type":"object","additionalProperties":{"type":"string"}}}}}}""")!.AsObject());
        var errors = new List<Machinery.Validation.FieldError>();
        CelRules.Validate(JsonNode.Parse(value), old is null ? null : JsonNode.Parse(old), schema, "", errors, isUpdate: old is not null);
        return errors.Select(e => e.ToString()).ToList();
    }

    [Theory]
    [InlineData("a passing comparison", """[{"rule":"self.minReplicas <= self.replicas"}]""", """{"spec":{"replicas":3,"minReplicas":1}}""", "")]
    [InlineData("a failing rule with a message", """[{"rule":"self.minReplicas <= self.replicas","message":"replicas should be greater than or equal to minReplicas."}]""",
        """{"spec":{"replicas":1,"minReplicas":3}}""", "spec: Invalid value: \"object\": replicas should be greater than or equal to minReplicas.")]
    [InlineData("a failing rule without a message quotes the rule", """[{"rule":"self.replicas < 5"}]""",
        """{"spec":{"replicas":7}}""", "spec: Invalid value: \"object\": failed rule: self.replicas < 5")]
    [InlineData("has() on an absent field", """[{"rule":"!has(self.name) || self.name.startsWith('a')"}]""", """{"spec":{}}""", "")]
    [InlineData("size, all, exists", """[{"rule":"size(self.items) == 2 && self.items.all(i, i.size() > 0) && self.items.exists(i, i == 'b')"}]""",
        """{"spec":{"items":["a","b"]}}""", "")]
    [InlineData("exists_one, map and filter", """[{"rule":"self.items.exists_one(i, i == 'a') && self.items.map(i, i + 'x') == ['ax','bx'] && self.items.filter(i, i != 'a') == ['b']"}]""",
        """{"spec":{"items":["a","b"]}}""", "")]
    [InlineData("string functions", """[{"rule":"self.name.matches('^[a-z]+$') && self.name.endsWith('c') && self.name.contains('b') && self.name.upperAscii() == 'ABC' && 'ABC'.lowerAscii() == self.name"}]""",
        """{"spec":{"name":"abc"}}""", "")]
    [InlineData("map keys with in", """[{"rule":"'app' in self.labels"}]""", """{"spec":{"labels":{"team":"x"}}}""",
        "spec: Invalid value: \"object\": failed rule: 'app' in self.labels")]
    [InlineData("the reason picks the error type", """[{"rule":"false","message":"nope","reason":"FieldValueForbidden"}]""", """{"spec":{}}""", "spec: Forbidden: nope")]
    [InlineData("fieldPath points the error below", """[{"rule":"self.replicas > 0","message":"must be positive","fieldPath":".replicas"}]""",
        """{"spec":{"replicas":0}}""", "spec.replicas: Invalid value: \"object\": must be positive")]
    [InlineData("messageExpression builds the message", """[{"rule":"self.replicas < 5","messageExpression":"'replicas is ' + string(self.replicas)"}]""",
        """{"spec":{"replicas":9}}""", "spec: Invalid value: \"object\": replicas is 9")]
    public void Evaluates_rules_as_upstream(string because, string rules, string value, string expected)
    {
        var errors = Run(rules, value);

        Assert.True((expected.Length == 0 ? [] : new List<string> { expected }).SequenceEqual(errors), $"{because}: got [{string.Join(" | ", errors)}]");
    }

    [Theory]
    [InlineData("a transition rule is skipped on create", null, """{"spec":{"replicas":1}}""", "")]
    [InlineData("a transition rule holds on update", """{"spec":{"replicas":1}}""", """{"spec":{"replicas":2}}""", "")]
    [InlineData("a transition rule fails on update", """{"spec":{"replicas":3}}""", """{"spec":{"replicas":2}}""",
        "spec: Invalid value: \"object\": replicas may only grow")]
    public void Transition_rules_compare_with_the_old_object(string because, string? old, string value, string expected)
    {
        var errors = Run("""[{"rule":"self.replicas >= oldSelf.replicas","message":"replicas may only grow"}]""", value, old);

        Assert.True((expected.Length == 0 ? [] : new List<string> { expected }).SequenceEqual(errors), $"{because}: got [{string.Join(" | ", errors)}]");
    }

    [Fact]
    public void An_unchanged_value_ratchets_past_a_failing_rule()
    {
        var errors = Run("""[{"rule":"self.replicas < 5"}]""", """{"spec":{"replicas":9}}""", """{"spec":{"replicas":9}}""");

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("self.replicas >", true)]
    [InlineData("self.replicas > 1", false)]
    public void Compile_errors_are_found_before_use(string rule, bool fails)
    {
        Assert.Equal(fails, CelRules.CompileError(rule) is not null);
    }
}

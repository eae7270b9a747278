using System.Text.Json.Nodes;
using Dotkube.ApiServer.CustomResources;
using Dotkube.ApiServer.CustomResources.Cost;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Tests.CustomResources;

public class CelCostTests
{
    private const string Root = "spec.versions[0].schema.openAPIV3Schema";

    private static JsonObject Crd(JsonObject schema) => new()
    {
        ["spec"] = new JsonObject
        {
            ["versions"] = new JsonArray(new JsonObject { ["name"] = "v1", ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema } }),
        },
    };

    /// <summary>{spec: {foo: [string]}} with a rule on foo; bounds when given.</summary>
    private static JsonObject ListSchema(string rule, long? maxItems, long? maxLength)
    {
        var items = new JsonObject { ["type"] = "string" };
        if (maxLength is { } length)
        {
            items["maxLength"] = length;
        }
        var foo = new JsonObject { ["type"] = "array", ["items"] = items, ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule }) };
        if (maxItems is { } count)
        {
            foo["maxItems"] = count;
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["spec"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["foo"] = foo } } },
        };
    }

    [Fact]
    public void A_rule_over_an_unbounded_list_of_unbounded_strings_is_refused_with_upstreams_message()
    {
        var errors = StructuralSchemaChecks.Validate(Crd(ListSchema("self.all(x, x.contains('a string'))", null, null)));

        // As upstream, the rule alone also breaks the CRD total and is named as a contributor to it.
        var error = Assert.Single(errors, e => e.Field == $"{Root}.properties[spec].properties[foo].x-kubernetes-validations[0].rule" && e.Detail.StartsWith("estimated", StringComparison.Ordinal));
        Assert.Equal(FieldErrorType.Forbidden, error.Type);
        Assert.Equal("estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)", error.Detail);
    }

    [Fact]
    public void The_same_rule_with_maxItems_and_maxLength_is_accepted()
    {
        Assert.Empty(StructuralSchemaChecks.Validate(Crd(ListSchema("self.all(x, x.contains('a string'))", 25, 10))));
    }

    [Theory]
    [InlineData("self.size() > 0", null, null, "a constant-cost rule needs no bounds")]
    [InlineData("self.all(x, x.size() < 10)", null, 10L, "a cheap body over an unbounded list stays under the limit")]
    [InlineData("self.all(x, self.all(y, x == y))", 100L, 64L, "a nested comprehension over a bounded list fits")]
    public void Rules_within_the_budget_are_accepted(string rule, long? maxItems, long? maxLength, string why)
    {
        Assert.True(StructuralSchemaChecks.Validate(Crd(ListSchema(rule, maxItems, maxLength))).Count == 0, why);
    }

    [Fact]
    public void A_nested_comprehension_over_an_unbounded_list_is_refused()
    {
        var errors = StructuralSchemaChecks.Validate(Crd(ListSchema("self.all(x, self.exists(y, x == y))", null, 64)));
        Assert.Contains(errors, e => e.Detail.StartsWith("estimated rule cost exceeds budget by factor of", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_on_the_items_of_big_lists_can_exceed_the_CRD_total_alone()
    {
        // Each run is cheap enough, but it runs once per item of two nested 1000-item lists.
        var inner = new JsonObject
        {
            ["type"] = "string",
            ["maxLength"] = 1000,
            ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = "self.contains('0123456789')" }),
        };
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["grid"] = new JsonObject
                {
                    ["type"] = "array",
                    ["maxItems"] = 1000,
                    ["items"] = new JsonObject { ["type"] = "array", ["maxItems"] = 1000, ["items"] = inner },
                },
            },
        };

        var errors = StructuralSchemaChecks.Validate(Crd(schema));

        Assert.Contains(errors, e => e.Field == Root && e.Detail.StartsWith("x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == $"{Root}.properties[grid].items.items.x-kubernetes-validations[0].rule"
            && e.Detail == "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema");
    }

    [Theory]
    [InlineData(250.0, "more than 100x")]
    [InlineData(5.43, "5.4x")]
    [InlineData(1.2, "1.200000x")]
    public void Factors_are_worded_as_upstream_words_them(double factor, string expected)
    {
        Assert.Equal(expected, CelCostLimits.Factor(factor));
    }

    [Theory]
    [InlineData(50, 0)]
    [InlineData(150, 1)]
    public void The_runtime_budget_stops_the_rules_once_the_object_has_spent_it(int items, int expectedErrors)
    {
        // 0.1 × 10,000 characters × 100 characters = 100,000 per item: 100 items spend the 10,000,000 budget.
        var needle = new string('z', 100);
        var schema = StructuralSchema.Parse(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["words"] = new JsonObject
                {
                    ["type"] = "array",
                    ["maxItems"] = 200,
                    ["items"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["maxLength"] = 10000,
                        ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = $"!self.contains('{needle}')" }),
                    },
                },
            },
        });
        var words = new JsonArray([.. Enumerable.Range(0, items).Select(_ => (JsonNode)JsonValue.Create(new string('a', 10000)))]);
        var errors = new List<FieldError>();

        CelRules.Validate(new JsonObject { ["words"] = words }, null, schema, "", errors, isUpdate: false);

        Assert.Equal(expectedErrors, errors.Count);
        Assert.All(errors, e => Assert.Equal(CelCostLimits.OutOfBudget, e.Detail));
    }

    [Fact]
    public void One_rule_over_the_per_call_limit_stops_validation_with_upstreams_message()
    {
        // 0.1 × 20,000 characters × 1,000 characters = 2,000,000: over the 1,000,000 a single call may cost.
        var needle = new string('z', 1000);
        var rule = $"!self.contains('{needle}')";
        var schema = StructuralSchema.Parse(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["text"] = new JsonObject
                {
                    ["type"] = "string",
                    ["maxLength"] = 20000L,
                    ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule }, new JsonObject { ["rule"] = "self.size() > 0" }),
                },
            },
        });
        var errors = new List<FieldError>();

        CelRules.Validate(new JsonObject { ["text"] = new string('a', 20000) }, null, schema, "", errors, isUpdate: false);

        var error = Assert.Single(errors);
        Assert.Equal($"text: Invalid value: \"string\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: {rule}", error.ToString());
    }

    [Theory]
    [InlineData("an authorizer check costs 350,000", "authorizer.path('/x').check('get').allowed()", 350_000, 350_010)]
    [InlineData("a quantity parse traverses its string", "quantity(self).isLessThan(quantity('1Gi'))", 100, 120)]
    [InlineData("find multiplies the string by the regex", "self.find('[0-9]+') == ''", 100, 400)]
    public void Library_functions_have_upstreams_costs(string because, string rule, double atLeast, double atMost)
    {
        var schema = StructuralSchema.Parse(new JsonObject { ["type"] = "string", ["maxLength"] = 1000L });

        var cost = CelCostLimits.Estimate(rule, schema);

        Assert.True(cost >= atLeast && cost <= atMost, $"{because}: {cost}");
    }
}

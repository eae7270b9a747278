using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;

namespace Dotkube.Machinery.Tests.Apply;

public class FieldSetTests
{
    private static FieldSet Set(string fieldsV1) => FieldsV1.Parse(fieldsV1);

    private static string Json(FieldSet set) => FieldsV1.Serialize(set).ToJsonString(Relaxed.Options);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"f:data":{"f:color":{},"f:size":{}}}""")]
    [InlineData("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}""")]
    [InlineData("""{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}""")]
    [InlineData("""{"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}}}}""")]
    [InlineData("""{"f:metadata":{"f:finalizers":{".":{},"v:\"a\"":{},"v:\"b\"":{}}}}""")]
    [InlineData("""{"f:list":{"i:0":{},"i:2":{}}}""")]
    public void FieldsV1_reads_and_writes_back_the_same_text(string fieldsV1) =>
        Assert.Equal(fieldsV1, Json(Set(fieldsV1)));

    [Fact]
    public void Serializing_sorts_members_and_children_together_fields_before_keys_before_values()
    {
        var set = FieldSet.Of(
            new FieldPath([PathElement.Field("b")]),
            new FieldPath([PathElement.Field("a"), PathElement.Field("x")]),
            new FieldPath([PathElement.ValueOf(JsonValue.Create("v"))]),
            new FieldPath([PathElement.Key([new("name", JsonValue.Create("n"))])]),
            new FieldPath([PathElement.Field("a")]));

        Assert.Equal("""{"f:a":{".":{},"f:x":{}},"f:b":{},"k:{\"name\":\"n\"}":{},"v:\"v\"":{}}""", Json(set));
    }

    [Fact]
    public void Key_elements_sort_their_fields_by_name_and_escape_like_Go()
    {
        var pe = PathElement.Key([new("protocol", JsonValue.Create("TCP")), new("containerPort", JsonValue.Create(80)), new("x", JsonValue.Create("<&>"))]);

        Assert.Equal("""k:{"containerPort":80,"protocol":"TCP","x":"\u003c\u0026\u003e"}""", pe.Serialized);
        Assert.Equal("""[containerPort=80,protocol="TCP",x="<&>"]""", pe.ToString());
    }

    public static TheoryData<string, string, string, string> Algebra => new()
    {
        // name, left, right, expected (union | intersection | difference in that order, separated by " | ")
        {
            "disjoint leaves",
            """{"f:a":{}}""", """{"f:b":{}}""",
            """{"f:a":{},"f:b":{}} | {} | {"f:a":{}}"""
        },
        {
            "shared leaf under a shared parent",
            """{"f:data":{"f:x":{},"f:y":{}}}""", """{"f:data":{"f:y":{},"f:z":{}}}""",
            """{"f:data":{"f:x":{},"f:y":{},"f:z":{}}} | {"f:data":{"f:y":{}}} | {"f:data":{"f:x":{}}}"""
        },
        {
            "a member on one side and its children on the other",
            """{"f:labels":{}}""", """{"f:labels":{"f:app":{}}}""",
            """{"f:labels":{".":{},"f:app":{}}} | {} | {"f:labels":{}}"""
        },
        {
            "list items by key",
            """{"f:c":{"k:{\"name\":\"a\"}":{".":{},"f:image":{}}}}""", """{"f:c":{"k:{\"name\":\"a\"}":{"f:image":{}},"k:{\"name\":\"b\"}":{}}}""",
            """{"f:c":{"k:{\"name\":\"a\"}":{".":{},"f:image":{}},"k:{\"name\":\"b\"}":{}}} | {"f:c":{"k:{\"name\":\"a\"}":{"f:image":{}}}} | {"f:c":{"k:{\"name\":\"a\"}":{}}}"""
        },
        {
            "empty right side",
            """{"f:a":{"f:b":{}}}""", """{}""",
            """{"f:a":{"f:b":{}}} | {} | {"f:a":{"f:b":{}}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Algebra))]
    public void Union_intersection_and_difference_work_path_by_path(string name, string left, string right, string expected)
    {
        var parts = expected.Split(" | ");
        Assert.True(parts.Length == 3, name);
        Assert.Equal(parts[0], Json(Set(left).Union(Set(right))));
        Assert.Equal(parts[1], Json(Set(left).Intersection(Set(right))));
        Assert.Equal(parts[2], Json(Set(left).Difference(Set(right))));
    }

    [Fact]
    public void A_member_takes_away_what_is_below_it_only_in_a_recursive_difference()
    {
        var left = Set("""{"f:status":{"f:phase":{}},"f:spec":{"f:x":{}}}""");
        var right = Set("""{"f:status":{}}""");

        Assert.Equal("""{"f:spec":{"f:x":{}},"f:status":{"f:phase":{}}}""", Json(left.Difference(right)));
        Assert.Equal("""{"f:spec":{"f:x":{}}}""", Json(left.RecursiveDifference(right)));
    }

    [Fact]
    public void Leaves_are_members_with_nothing_below_them()
    {
        var set = Set("""{"f:labels":{".":{},"f:app":{}},"f:c":{"k:{\"name\":\"a\"}":{".":{},"f:image":{}}}}""");

        Assert.Equal("""{"f:c":{"k:{\"name\":\"a\"}":{"f:image":{}}},"f:labels":{"f:app":{}}}""", Json(set.Leaves()));
    }

    [Fact]
    public void Paths_print_as_upstream_does_and_list_a_levels_members_before_its_children()
    {
        var set = Set("""{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{"f:image":{}}}}}},"f:metadata":{"f:finalizers":{"v:\"x\"":{}}}}""");

        Assert.Equal(
            [".metadata.finalizers[=\"x\"]", ".spec.replicas", ".spec.template.spec.containers[name=\"nginx\"].image"],
            set.Paths().Select(p => p.ToString()));
    }

    [Fact]
    public void Has_finds_members_not_the_parents_of_members()
    {
        var set = Set("""{"f:data":{"f:color":{}}}""");

        Assert.True(set.Has(FieldPath.Of("data", "color")));
        Assert.False(set.Has(FieldPath.Of("data")));
        Assert.False(set.Has(FieldPath.Of("data", "size")));
    }

    [Theory]
    [InlineData("""{"x:a":{}}""")]
    [InlineData("""{"f:a":[]}""")]
    [InlineData("""{"k:[1]":{}}""")]
    [InlineData("""{"i:one":{}}""")]
    public void Malformed_FieldsV1_is_refused(string fieldsV1) =>
        Assert.ThrowsAny<Exception>(() => FieldsV1.Parse(fieldsV1));
}

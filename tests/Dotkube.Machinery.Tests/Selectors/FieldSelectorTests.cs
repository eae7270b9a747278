using Dotkube.Machinery.Selectors;

namespace Dotkube.Machinery.Tests.Selectors;

public class FieldSelectorTests
{
    private static Dictionary<string, string> Fields(string spec) =>
        spec.Length == 0 ? [] : spec.Split(';').Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("hi=there", "hi=there")]
    [InlineData("foo=bar,baz=blah", "baz=blah,foo=bar")]
    [InlineData("foo==bar", "foo=bar")]
    [InlineData("foo!=bar", "foo!=bar")]
    [InlineData("x=a\\,b", "x=a\\,b")]
    [InlineData("x=a\\=b", "x=a\\=b")]
    [InlineData("x=a\\\\b", "x=a\\\\b")]
    [InlineData("", "")]
    [InlineData(",,", "")]
    [InlineData("metadata.name=", "metadata.name=")]
    public void Selectors_parse_and_print_with_escapes(string selector, string printed) =>
        Assert.Equal(printed, FieldSelector.Parse(selector).ToString());

    [Fact]
    public void Escaped_values_are_unescaped_in_requirements()
    {
        var selector = FieldSelector.Parse("b!=c\\=d,a=x\\,y\\\\z");
        Assert.Equal([("a", "=", "x,y\\z"), ("b", "!=", "c=d")], selector.Requirements);
    }

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("x=a,foo", "invalid selector: 'x=a,foo'; can't understand 'foo'")]
    [InlineData("x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'")]
    [InlineData("x=a=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x=a\\b", "invalid field selector: invalid escape sequence: \\b")]
    [InlineData("x=a\\", "invalid field selector: invalid escape sequence: \\")]
    public void Bad_selectors_fail_with_upstreams_messages(string selector, string message)
    {
        Assert.False(FieldSelector.TryParse(selector, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("", "a:b", true)]
    [InlineData("metadata.name=x", "metadata.name:x", true)]
    [InlineData("metadata.name=x", "metadata.name:y", false)]
    [InlineData("metadata.name!=x", "metadata.name:y", true)]
    [InlineData("spec.nodeName=", "", true)]
    [InlineData("spec.nodeName!=", "", false)]
    [InlineData("spec.nodeName!=", "spec.nodeName:n1", true)]
    [InlineData("a=1,b=2", "a:1;b:2", true)]
    [InlineData("a=1,b=2", "a:1;b:3", false)]
    public void Selectors_match_field_sets(string selector, string fields, bool matches) =>
        Assert.Equal(matches, FieldSelector.Parse(selector).Matches(Fields(fields)));

    [Fact]
    public void Unsupported_fields_are_listed_in_the_API_servers_words()
    {
        var selector = FieldSelector.Parse("metadata.name=a,spec.foo=b,status.phase!=Running");
        var supported = new HashSet<string> { "metadata.name", "metadata.namespace", "status.phase" };
        Assert.Equal(["field label not supported: spec.foo"], selector.UnsupportedFields(supported.Contains));
    }

    [Fact]
    public void Exact_matches_and_emptiness()
    {
        var selector = FieldSelector.Parse("metadata.name=a,spec.nodeName!=b");
        Assert.True(selector.TryGetExactMatch("metadata.name", out var name));
        Assert.Equal("a", name);
        Assert.False(selector.TryGetExactMatch("spec.nodeName", out _));
        Assert.True(FieldSelector.Everything.IsEmpty);
        Assert.False(FieldSelector.Nothing.IsEmpty);
        Assert.False(FieldSelector.Nothing.Matches(Fields("")));
        Assert.Equal("a=x\\,y", FieldSelector.FromSet(new Dictionary<string, string> { ["a"] = "x,y" }).ToString());
    }
}

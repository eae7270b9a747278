using System.Text.Json.Nodes;
using Dotkube.Machinery.Selectors;
using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Tests.Selectors;

public class LabelSelectorTests
{
    private static Dictionary<string, string> Labels(string spec) =>
        spec.Length == 0 ? [] : spec.Split(';').Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    public void Good_selectors_print_back_without_spaces(string selector) =>
        Assert.Equal(selector.Replace(" ", ""), LabelSelector.Parse(selector).ToString());

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x=a")]
    [InlineData("x<a")]
    [InlineData("x,,y")]
    [InlineData(",x,y")]
    [InlineData("x nott in (y)")]
    [InlineData("a in (xyz),")]
    [InlineData("a in (xyz)b notin ()")]
    [InlineData("a in (xyz abc)")]
    [InlineData("a notin(")]
    [InlineData("a (")]
    [InlineData("(")]
    public void Bad_selectors_are_rejected(string selector)
    {
        Assert.False(LabelSelector.TryParse(selector, out _, out var error));
        Assert.NotEmpty(error);
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
    }

    [Theory]
    [InlineData("\rx", "x")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("x in (def,abc)", "x in (abc,def)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")]
    [InlineData("x=a,a=x", "a=x,x=a")]
    [InlineData("x==a", "x==a")]
    [InlineData("in=notin", "in=notin")]
    public void Selectors_parse_into_sorted_requirements(string selector, string printed) =>
        Assert.Equal(printed, LabelSelector.Parse(selector).ToString());

    [Theory]
    [InlineData("", "x:y", true)]
    [InlineData("x=y", "x:y", true)]
    [InlineData("x=y,z=w", "x:y;z:w", true)]
    [InlineData("x!=y,z!=w", "x:z;z:a", true)]
    [InlineData("notin=in", "notin:in", true)]
    [InlineData("x", "x:z", true)]
    [InlineData("!x", "y:z", true)]
    [InlineData("x>1", "x:2", true)]
    [InlineData("x<1", "x:0", true)]
    [InlineData("x=z", "", false)]
    [InlineData("x=y", "x:z", false)]
    [InlineData("x=y,z=w", "x:w;z:w", false)]
    [InlineData("x!=y,z!=w", "x:z;z:w", false)]
    [InlineData("x", "y:z", false)]
    [InlineData("!x", "x:z", false)]
    [InlineData("x>1", "x:0", false)]
    [InlineData("x<1", "x:2", false)]
    [InlineData("x>1", "x:abc", false)]
    [InlineData("x>1", "", false)]
    [InlineData("x in (a,b)", "x:b", true)]
    [InlineData("x in (a,b)", "", false)]
    [InlineData("x notin (a,b)", "", true)]
    [InlineData("x notin (a,b)", "x:a", false)]
    [InlineData("x!=a", "", true)]
    [InlineData("x=", "x:", true)]
    [InlineData("x=", "", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", "foo:bar;baz:blah", false)]
    public void Selectors_match_label_sets_as_upstream(string selector, string labels, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels(labels)));

    [Theory]
    [InlineData("x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x==a==b", "found '==', expected: ',' or 'end of string'")]
    [InlineData("x,,y", "found ',', expected: identifier after ','")]
    [InlineData(",x", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'")]
    [InlineData("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x=-bad", "unable to parse requirement: values[0][x]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("a/b/c=d", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    public void Errors_use_upstreams_wording(string selector, string message)
    {
        Assert.False(LabelSelector.TryParse(selector, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Everything_and_nothing_behave_like_upstream()
    {
        Assert.True(LabelSelector.Everything.IsEmpty);
        Assert.True(LabelSelector.Everything.Matches(Labels("x:y")));
        Assert.False(LabelSelector.Nothing.IsEmpty);
        Assert.False(LabelSelector.Nothing.Matches(Labels("x:y")));
        Assert.Equal("", LabelSelector.Nothing.ToString());
        Assert.True(LabelSelector.Parse("").IsEmpty);
        Assert.False(LabelSelector.Parse("a").IsEmpty);
    }

    [Fact]
    public void Json_labels_are_matched()
    {
        var selector = LabelSelector.Parse("app=web,tier");
        Assert.True(selector.Matches(new JsonObject { ["app"] = "web", ["tier"] = "front" }));
        Assert.False(selector.Matches(new JsonObject { ["app"] = "web" }));
        Assert.False(selector.Matches((JsonObject?)null));
        Assert.True(LabelSelector.Everything.Matches((JsonObject?)null));
    }

    [Theory]
    [InlineData("x=a", "x", true, "a")]
    [InlineData("x==a", "x", true, "a")]
    [InlineData("x in (a)", "x", true, "a")]
    [InlineData("x in (a,b)", "x", false, "")]
    [InlineData("x!=a", "x", false, "")]
    [InlineData("y=a", "x", false, "")]
    public void Exact_matches_are_found_for_indexing(string selector, string label, bool found, string value)
    {
        Assert.Equal(found, LabelSelector.Parse(selector).TryGetExactMatch(label, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void A_metav1_selector_becomes_requirements()
    {
        var json = JsonNode.Parse("""
            {"matchLabels": {"app": "web"},
             "matchExpressions": [
               {"key": "tier", "operator": "In", "values": ["front", "back"]},
               {"key": "env", "operator": "NotIn", "values": ["dev"]},
               {"key": "canary", "operator": "DoesNotExist"},
               {"key": "owner", "operator": "Exists"}]}
            """)!.AsObject();
        var selector = LabelSelector.FromJson(json);
        Assert.Equal("app=web,!canary,env notin (dev),owner,tier in (back,front)", selector.ToString());
        Assert.True(selector.Matches(Labels("app:web;tier:front;owner:me")));
        Assert.False(selector.Matches(Labels("app:web;tier:front;owner:me;canary:yes")));
        Assert.False(selector.Matches(Labels("app:web;tier:side;owner:me")));
    }

    [Fact]
    public void A_null_metav1_selector_matches_nothing_and_an_empty_one_everything()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromJson(null));
        Assert.Same(LabelSelector.Everything, LabelSelector.FromJson([]));
        Assert.Same(LabelSelector.Everything, LabelSelector.FromJson(new JsonObject { ["matchLabels"] = new JsonObject() }));
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""", "\"Gt\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""", "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""", "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist")]
    [InlineData("""{"matchLabels":{"a b":"c"}}""", "key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    public void Invalid_metav1_selectors_fail_with_upstreams_message(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => LabelSelector.FromJson(JsonNode.Parse(json)!.AsObject())).Message);

    [Fact]
    public void Validating_a_metav1_selector_reports_each_field()
    {
        var json = JsonNode.Parse("""
            {"matchLabels": {"ok": "-bad"},
             "matchExpressions": [
               {"key": "a", "operator": "In"},
               {"key": "b", "operator": "Exists", "values": ["x"]},
               {"key": "c", "operator": "Like"},
               {"key": "bad key", "operator": "In", "values": ["-v"]}]}
            """)!.AsObject();
        var errors = new List<FieldError>();
        LabelSelector.Validate(json, "spec.selector", errors);
        Assert.Equal(
            [
                "spec.selector.matchLabels: Invalid value: \"-bad\"",
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Like\": not a valid selector operator",
                "spec.selector.matchExpressions[3].key: Invalid value: \"bad key\"",
                "spec.selector.matchExpressions[3].values[0]: Invalid value: \"-v\"",
            ],
            errors.Select(e => e.ToString().Split(": a valid")[0].Split(": name part")[0]));
    }
}

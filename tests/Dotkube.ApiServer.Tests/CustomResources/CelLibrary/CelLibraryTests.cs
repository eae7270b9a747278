using Dotkube.ApiServer.Admission.Webhooks;

namespace Dotkube.ApiServer.Tests.CustomResources.CelLibrary;

/// <summary>The Kubernetes 1.32 CEL libraries, one expression per case: it must be true, or fail with upstream's message.</summary>
public class CelLibraryTests
{
    private static object? Eval(string expression) =>
        AdmissionCel.Evaluate(expression, new Dictionary<string, object?>
        {
            ["self"] = AdmissionCel.ToCel(System.Text.Json.Nodes.JsonNode.Parse("""{"memory":"1Gi","cpu":"500m","labels":{"app":"web"},"items":[3,1,2],"empty":{}}""")),
        });

    public static TheoryData<string, string> TrueExpressions => new()
    {
        // quantity
        { "quantity parses and compares", "quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('500m').isLessThan(quantity('1'))" },
        { "quantity compareTo", "quantity('1k').compareTo(quantity('1000')) == 0 && quantity('2').compareTo(quantity('1')) == 1 && quantity('1').compareTo(quantity('2')) == -1" },
        { "quantity add and sub with quantities and ints", "quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi') && quantity('5').sub(2) == quantity('3') && quantity('1').add(1).asInteger() == 2" },
        { "quantity equality is by value", "quantity('1000m') == quantity('1') && quantity('1Ki') != quantity('1k')" },
        { "asInteger and isInteger", "quantity('1Mi').asInteger() == 1048576 && quantity('1Mi').isInteger() && !quantity('500m').isInteger()" },
        { "asApproximateFloat", "quantity('500m').asApproximateFloat() == 0.5" },
        { "sign", "quantity('-1').sign() == -1 && quantity('0').sign() == 0 && quantity('3').sign() == 1" },
        { "isQuantity", "isQuantity('1.5Gi') && !isQuantity('1.5 Gi') && !isQuantity('abc')" },
        { "quantity from a field", "quantity(self.memory).isGreaterThan(quantity(self.cpu))" },
        // url
        { "url parts", "url('https://user@example.com:8080/a%20b/c?x=1&x=2&y=z#frag').getScheme() == 'https' && url('https://example.com:8080/path').getHost() == 'example.com:8080'" },
        { "url hostname and port", "url('https://example.com:8080/').getHostname() == 'example.com' && url('https://example.com:8080/').getPort() == '8080' && url('https://[::1]:80/').getHostname() == '::1' && url('https://example.com/').getPort() == ''" },
        { "url escaped path", "url('https://example.com/a%20b/c').getEscapedPath() == '/a%20b/c' && url('https://example.com').getEscapedPath() == ''" },
        { "url query", "url('https://example.com/p?x=1&x=2&y=a+b').getQuery() == {'x': ['1', '2'], 'y': ['a b']} && url('https://example.com/').getQuery() == {}" },
        { "isURL accepts absolute URLs and paths only", "isURL('https://example.com') && isURL('/absolute/path') && !isURL('example.com/path') && !isURL('')" },
        // ip
        { "ip family", "ip('10.0.0.1').family() == 4 && ip('fd00::1').family() == 6" },
        { "ip classes", "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && ip('0.0.0.0').isUnspecified() && ip('169.254.1.1').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast()" },
        { "ip multicast and global", "ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast() && ip('10.1.2.3').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast()" },
        { "isIP refuses leading zeros, zones and mapped addresses", "isIP('1.2.3.4') && isIP('2001:db8::1') && !isIP('01.2.3.4') && !isIP('fe80::1%eth0') && !isIP('::ffff:1.2.3.4') && !isIP('1.2.3')" },
        { "ip.isCanonical", "ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1') && !ip.isCanonical('2001:db8:0:0:0:0:0:1')" },
        { "ip to string and equality", "string(ip('2001:db8:0:0:0:0:0:1')) == '2001:db8::1' && ip('10.0.0.1') == ip('10.0.0.1') && ip('10.0.0.1') != ip('10.0.0.2')" },
        // cidr
        { "cidr contains an ip", "cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP('11.0.0.1')" },
        { "cidr contains a cidr", "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.1.0.0/16').containsCIDR(cidr('10.0.0.0/8'))" },
        { "cidr parts", "cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && cidr('10.1.2.3/8').prefixLength() == 8 && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')" },
        { "cidr to string and isCIDR", "string(cidr('fd00::/64')) == 'fd00::/64' && isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0') && !isCIDR('10.0.0.0/33')" },
        // format
        { "format validate is none for a valid value", "!format.dns1123Label().validate('my-name').hasValue() && !format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()" },
        { "format validate lists upstream's messages", "format.dns1123Label().validate('My_Name').value() == [\"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\"]" },
        { "format.named", "format.named('labelValue').hasValue() && !format.named('nope').hasValue() && format.named('dns1123LabelPrefix').value().validate('abc-') == optional.none()" },
        // optional
        { "optional field selection", "self.?labels.?app.orValue('none') == 'web' && self.?labels.?team.orValue('none') == 'none' && !self.?missing.hasValue()" },
        { "optional selection chains after a missing field", "self.?missing.deeper.orValue(7) == 7" },
        { "optional index", "self.labels[?'app'] == optional.of('web') && self.labels[?'x'] == optional.none() && self.items[?5].orValue(0) == 0 && self.items[?0].value() == 3" },
        { "optional constructors", "optional.of(1).value() == 1 && !optional.none().hasValue() && !optional.ofNonZeroValue('').hasValue() && optional.ofNonZeroValue(2).hasValue()" },
        { "optional or", "optional.none().or(optional.of(2)).value() == 2 && optional.of(1).or(optional.of(2)).value() == 1" },
        { "optional list and map entries", "[1, ?optional.none(), ?optional.of(3)] == [1, 3] && {'a': 1, ?'b': optional.none(), ?'c': optional.of(2)} == {'a': 1, 'c': 2}" },
        // strings
        { "charAt and substring", "'hello'.charAt(1) == 'e' && 'hello'.charAt(5) == '' && 'hello'.substring(1) == 'ello' && 'hello'.substring(1, 3) == 'el'" },
        { "indexOf and lastIndexOf with offsets", "'abcabc'.indexOf('b', 2) == 4 && 'abcabc'.lastIndexOf('b', 3) == 1 && 'abc'.indexOf('x') == -1" },
        { "replace and split with limits", "'aaa'.replace('a', 'b', 2) == 'bba' && 'a,b,c'.split(',', 2) == ['a', 'b,c'] && 'a,b'.split(',', 0) == []" },
        { "strings.quote", "strings.quote('a\"b') == '\"a\\\\\"b\"'" },
        // lists
        { "isSorted, sum, min, max", "[1, 2, 3].isSorted() && ![3, 1].isSorted() && self.items.sum() == 6 && self.items.min() == 1 && self.items.max() == 3 && [].sum() == 0" },
        { "list indexOf and lastIndexOf", "[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && ['a'].indexOf('b') == -1" },
        // regex
        { "find and findAll", "'abc 123 def 456'.find('[0-9]+') == '123' && 'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'a1b2c3'.findAll('[0-9]', 2) == ['1', '2'] && 'abc'.find('[0-9]') == ''" },
        // sets
        { "sets", "sets.contains([1, 2, 3], [1, 2]) && !sets.contains([1], [2]) && sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects([1, 2], [2, 3]) && !sets.intersects([1], [2])" },
    };

    [Theory]
    [MemberData(nameof(TrueExpressions))]
    public void Evaluates_library_functions_as_upstream(string because, string expression)
    {
        var result = Eval(expression);

        Assert.True(result is true, $"{because}: {expression} gave {result ?? "null"}");
    }

    [Theory]
    [InlineData("different quantities are unequal", "quantity('1') == quantity('2')")]
    [InlineData("different IPs are unequal", "ip('10.0.0.1') == ip('10.0.0.2')")]
    [InlineData("a present optional is not none", "optional.of(1) == optional.none()")]
    [InlineData("a missing optional field has no value", "self.?missing.hasValue()")]
    [InlineData("a larger quantity is not less", "quantity('2Gi').isLessThan(quantity('1Gi'))")]
    [InlineData("an address outside the range", "cidr('192.168.0.0/16').containsIP('192.169.0.1')")]
    public void Evaluates_to_false(string because, string expression)
    {
        var result = Eval(expression);

        Assert.True(result is false, $"{because}: {expression} gave {result ?? "null"}");
    }

    [Theory]
    [InlineData("an invalid quantity", "quantity('abc')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("a fractional quantity as an integer", "quantity('500m').asInteger()", "cannot convert value to integer")]
    [InlineData("a URL without a scheme", "url('example.com')", "URL parse error during conversion from string: parse \"example.com\": invalid URI for request")]
    [InlineData("a URL with a bad port", "url('https://example.com:http/')", "URL parse error during conversion from string: parse \"https://example.com:http/\": invalid port \":http\" after host")]
    [InlineData("an IP with a leading zero", "ip('01.2.3.4')", "IP Address \"01.2.3.4\" parse error during conversion from string: ParseAddr(\"01.2.3.4\"): IPv4 field has octet with leading zero")]
    [InlineData("an IP with a zone", "ip('fe80::1%eth0')", "IP address \"fe80::1%eth0\" with zone value is not allowed")]
    [InlineData("an IPv4-mapped IPv6 address", "ip('::ffff:1.2.3.4')", "IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed")]
    [InlineData("a CIDR without a length", "cidr('10.0.0.0')", "network address parse error during conversion from string: netip.ParsePrefix(\"10.0.0.0\"): no '/'")]
    [InlineData("the value of none", "optional.none().value()", "optional.none() dereference")]
    [InlineData("min of an empty list", "[].min()", "min called on empty list")]
    [InlineData("substring out of range", "'abc'.substring(4)", "index out of range: 4")]
    public void Fails_with_upstreams_message(string because, string expression, string message)
    {
        var error = Assert.Throws<AdmissionCelException>(() => Eval(expression));

        Assert.True(error.Message == message, $"{because}: got {error.Message}");
    }
}

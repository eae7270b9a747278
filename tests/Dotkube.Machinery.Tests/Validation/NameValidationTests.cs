using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Tests.Validation;

public class NameValidationTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("1--a--b--2")]
    [InlineData("a.b.c.d.e")]
    [InlineData("11.22.33.44.55")]
    [InlineData("example.com")]
    public void Lowercase_dotted_names_are_subdomains(string value) => Assert.Empty(NameValidation.IsDns1123Subdomain(value));

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("a_b")]
    [InlineData("a..b")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a b")]
    [InlineData("aB.a")]
    [InlineData("a@b")]
    [InlineData("a\n")]
    public void Other_strings_are_not_subdomains_and_get_the_regex_message(string value)
    {
        var errs = NameValidation.IsDns1123Subdomain(value);
        Assert.Equal(
            ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            errs);
    }

    [Fact]
    public void A_subdomain_longer_than_253_characters_is_reported_as_too_long()
    {
        Assert.Empty(NameValidation.IsDns1123Subdomain(new string('a', 253)));
        Assert.Equal(["must be no more than 253 characters"], NameValidation.IsDns1123Subdomain(new string('a', 254)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("0", true)]
    [InlineData("1-a", true)]
    [InlineData("a.b", false)]
    [InlineData("A", false)]
    [InlineData("-1", false)]
    [InlineData("_", false)]
    public void Labels_are_lowercase_alphanumerics_and_dashes(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsDns1123Label(value).Count == 0);

    [Fact]
    public void A_label_with_dots_is_told_it_must_not_contain_dots() =>
        Assert.Equal(["must not contain dots"], NameValidation.IsDns1123Label("a.b"));

    [Fact]
    public void A_bad_label_gets_both_examples_in_its_message() =>
        Assert.Equal(
            ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDns1123Label("My"));

    [Fact]
    public void A_label_of_64_characters_is_too_long() =>
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDns1123Label(new string('a', 64)));

    [Theory]
    [InlineData("a", true)]
    [InlineData("a--1--2--b", true)]
    [InlineData("0", false)]
    [InlineData("1a", false)]
    [InlineData("a.b", false)]
    public void Dns1035_labels_start_with_a_letter(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsDns1035Label(value).Count == 0);

    [Fact]
    public void Dns1035_message_is_upstreams() =>
        Assert.Equal(
            ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDns1035Label("1a"));

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now-with-dashes/simple")]
    [InlineData("1-starts-with-num.com/simple")]
    [InlineData("1234/5678")]
    [InlineData("1.2.3.4/5678")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/Uppercase_Is_OK_123")]
    [InlineData("requests.storage-foo")]
    public void Qualified_names_accept_upstreams_good_values(string value) => Assert.Empty(NameValidation.IsQualifiedName(value));

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("cantendwithadash-")]
    [InlineData("-cantstartwithadash-")]
    [InlineData("only/one/slash")]
    [InlineData("Example.com/abc")]
    [InlineData("example_com/abc")]
    [InlineData("example.com/")]
    [InlineData("/simple")]
    [InlineData("")]
    public void Qualified_names_reject_upstreams_bad_values(string value) => Assert.NotEmpty(NameValidation.IsQualifiedName(value));

    [Fact]
    public void A_qualified_name_with_two_slashes_gets_the_whole_form_message() =>
        Assert.Equal(
            ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            NameValidation.IsQualifiedName("a/b/c"));

    [Fact]
    public void A_qualified_name_reports_prefix_and_name_part_problems_separately()
    {
        var errs = NameValidation.IsQualifiedName("Example.com/");
        Assert.Equal(3, errs.Count);
        Assert.StartsWith("prefix part a lowercase RFC 1123 subdomain", errs[0]);
        Assert.Equal("name part must be non-empty", errs[1]);
        Assert.StartsWith("name part must consist of alphanumeric characters", errs[2]);
        Assert.Equal(["prefix part must be non-empty"], NameValidation.IsQualifiedName("/simple"));
        Assert.Contains("name part must be no more than 63 characters", NameValidation.IsQualifiedName(new string('a', 64)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("simple", true)]
    [InlineData("now-with-dashes", true)]
    [InlineData("1-starts-with-num", true)]
    [InlineData("end-with-num-1", true)]
    [InlineData("1234", true)]
    [InlineData("Uppercase_Is_OK_123", true)]
    [InlineData("a.b", true)]
    [InlineData("nospecialchars%^=@", false)]
    [InlineData("Tama-nui-te-rā.is.Māori.sun", false)]
    [InlineData("\\backslashes\\are\\bad", false)]
    [InlineData("-starts-with-dash", false)]
    [InlineData("ends-with-dash-", false)]
    [InlineData(".starts.with.dot", false)]
    [InlineData("ends.with.dot.", false)]
    public void Label_values_may_be_empty_or_qualified_name_like(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsValidLabelValue(value).Count == 0);

    [Fact]
    public void Label_value_messages_are_upstreams()
    {
        Assert.Equal(
            ["must be no more than 63 characters"], NameValidation.IsValidLabelValue(new string('a', 64)));
        Assert.Equal(
            ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            NameValidation.IsValidLabelValue("-x"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("__abc_123", true)]
    [InlineData("A__1__2__B", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("a-", false)]
    [InlineData("a.b", false)]
    [InlineData("#a#", false)]
    public void C_identifiers_start_with_a_letter_or_underscore(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsCIdentifier(value).Count == 0);

    [Theory]
    [InlineData("my.env-name", true)]
    [InlineData("MY_ENV.NAME", true)]
    [InlineData("-starts-with-dash", true)]
    [InlineData("1starts-with-digit", false)]
    [InlineData("a b", false)]
    [InlineData("..", false)]
    public void Env_var_names_allow_dots_and_dashes_but_not_a_leading_digit(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsEnvVarName(value).Count == 0);

    [Fact]
    public void Env_var_names_may_not_be_dot_dot()
    {
        Assert.Equal(["must not be '..'"], NameValidation.IsEnvVarName(".."));
        Assert.Equal(["must not start with '..'"], NameValidation.IsEnvVarName("..a"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("KEY_NAME", true)]
    [InlineData("key.name", true)]
    [InlineData("-a.b_c", true)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..a", false)]
    public void Config_map_keys_allow_alphanumerics_dash_underscore_and_dot(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsConfigMapKey(value).Count == 0);

    [Fact]
    public void Config_map_key_messages_are_upstreams()
    {
        Assert.Equal(["must not be '.'"], NameValidation.IsConfigMapKey("."));
        Assert.Equal(
            ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            NameValidation.IsConfigMapKey("a/b"));
    }

    [Theory]
    [InlineData("telnet", new string[0])]
    [InlineData("re-mail-ck", new string[0])]
    [InlineData("pop3", new string[0])]
    [InlineData("a-1-b", new string[0])]
    [InlineData("longerthan15char", new[] { "must be no more than 15 characters" })]
    [InlineData("a_b", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" })]
    [InlineData("1234", new[] { "must contain at least one letter (a-z)" })]
    [InlineData("a--b", new[] { "must not contain consecutive hyphens" })]
    [InlineData("-ab", new[] { "must not begin or end with a hyphen" })]
    [InlineData("", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)" })]
    public void Port_names_follow_IANA_service_name_rules(string value, string[] expected) =>
        Assert.Equal(expected, NameValidation.IsValidPortName(value));

    [Theory]
    [InlineData(1, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(65536, false)]
    [InlineData(-1, false)]
    public void Port_numbers_are_between_1_and_65535(int port, bool valid)
    {
        var errs = NameValidation.IsValidPortNum(port);
        Assert.Equal(valid, errs.Count == 0);
        if (!valid)
        {
            Assert.Equal(["must be between 1 and 65535, inclusive"], errs);
        }
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("010.001.002.003", true)]
    [InlineData("::1", true)]
    [InlineData("2001:db8::ffff", true)]
    [InlineData("::ffff:1.2.3.4", true)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("256.0.0.1", false)]
    [InlineData("1.2.3.-4", false)]
    [InlineData("a.b.c.d", false)]
    [InlineData("1", false)]
    [InlineData("0x1.2.3.4", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("[::1]", false)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData(" 1.2.3.4", false)]
    public void IP_addresses_are_parsed_like_go_net_ParseIP(string value, bool valid)
    {
        var errs = NameValidation.IsValidIP(value);
        Assert.Equal(valid, errs.Count == 0);
        if (!valid)
        {
            Assert.Equal(["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"], errs);
        }
    }

    [Theory]
    [InlineData("1%", true)]
    [InlineData("100%", true)]
    [InlineData("%", false)]
    [InlineData("1.5%", false)]
    [InlineData("50", false)]
    public void Percents_are_digits_and_a_percent_sign(string value, bool valid) =>
        Assert.Equal(valid, NameValidation.IsValidPercent(value).Count == 0);
}

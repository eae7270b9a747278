using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Core;
using Dotkube.Machinery.Errors;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class ConfigAndSecretTests
{
    private static JsonObject Cm(string body) => Parse($$"""{"metadata":{"name":"c","namespace":"default"},{{body}}}""");

    [Fact]
    public void An_immutable_config_map_refuses_data_changes()
    {
        var strategy = new ConfigMapStrategy();
        var old = Cm("\"immutable\":true,\"data\":{\"a\":\"1\"}");
        var updated = Cm("\"immutable\":true,\"data\":{\"a\":\"2\"}");
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"], Messages(strategy.ValidateUpdate(updated, old)));
        var unfrozen = Cm("\"immutable\":false,\"data\":{\"a\":\"1\"}");
        Assert.Equal(["immutable: Forbidden: field is immutable when `immutable` is set"], Messages(strategy.ValidateUpdate(unfrozen, old)));
    }

    [Fact]
    public void Config_map_keys_must_be_valid() =>
        Assert.Equal(["data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            Messages(new ConfigMapStrategy().Validate(Cm("\"data\":{\"a b\":\"1\"}"))));

    [Fact]
    public void A_secret_defaults_to_opaque_and_folds_string_data_into_data()
    {
        var strategy = new SecretStrategy();
        var secret = Cm("\"stringData\":{\"password\":\"hunter2\"}");
        strategy.Default(secret);
        Assert.Equal("Opaque", secret.Str("type"));
        Assert.Equal("aHVudGVyMg==", secret.Obj("data").Str("password"));
        Assert.Null(secret["stringData"]);
        Assert.Equal("1", Cell(strategy, secret, "Data")!.ToString());
    }

    [Theory]
    [InlineData("abc", 0)]
    [InlineData("ab$d", 2)]
    [InlineData("abcde", 4)]
    [InlineData("a=bc", 1)]
    public void Malformed_base64_is_refused_as_upstream_decoding_does(string value, int offset)
    {
        var e = Assert.Throws<StatusException>(() => new SecretStrategy().Default(Cm($$"""
            "data":{"k":"{{value}}"}
            """)));
        Assert.Equal(400, e.Code);
        Assert.Equal($"Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte {offset}", e.Message);
    }

    [Fact]
    public void A_secret_type_may_not_change() =>
        Assert.Contains("type: Invalid value: \"kubernetes.io/tls\": field is immutable",
            Messages(new SecretStrategy().ValidateUpdate(Cm("\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"\",\"tls.key\":\"\"}"), Cm("\"type\":\"Opaque\""))));

    [Fact]
    public void A_tls_secret_needs_both_keys() =>
        Assert.Equal(["data[tls.crt]: Required value", "data[tls.key]: Required value"],
            Messages(new SecretStrategy().Validate(Cm("\"type\":\"kubernetes.io/tls\""))));
}

using System.Text.Json.Nodes;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.BadInput;

/// <summary>Object names outside DNS-1123 subdomain rules: 422 Invalid with a cause on metadata.name.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class NameValidationTests(SharedServerFixture fixture) : IDisposable
{
    private readonly AdminHttp _http = AdminHttp.For(fixture.Server);

    public void Dispose() => _http.Dispose();

    public static TheoryData<string, string> BadNames() => new()
    {
        { "Upper", "FieldValueInvalid" },
        { "under_score", "FieldValueInvalid" },
        { "has space", "FieldValueInvalid" },
        { "a/b", "FieldValueInvalid" },
        { "per%cent", "FieldValueInvalid" },
        { "..", "FieldValueInvalid" },
        { "dot..dot", "FieldValueInvalid" },
        { "-leading", "FieldValueInvalid" },
        { "trailing-", "FieldValueInvalid" },
        { "naïve", "FieldValueInvalid" },
        { "emoji-\U0001F600", "FieldValueInvalid" },
        { new string('a', 254), "FieldValueInvalid" },
        { "", "FieldValueRequired" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_name_that_is_not_a_DNS_subdomain_is_422_on_metadata_name(string name, string causeReason)
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-name");
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["data"] = new JsonObject { ["k"] = "v" },
        };

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps, body.ToJsonString());

        var status = await response.AssertStatusAsync(422, "Invalid", $"name \"{name}\"");
        Assert.StartsWith($"ConfigMap \"{name}\" is invalid: metadata.name: ", (string?)status["message"]);
        Assert.Equal("ConfigMap", (string?)status["details"]?["kind"]);
        Assert.Equal(name, (string?)status["details"]?["name"]);
        HttpResponseExtensions.AssertCause(status, "metadata.name", causeReason);
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_bad_generateName_is_422_on_metadata_generateName()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "bad-genname");

        using var response = await _http.SendAsync(HttpMethod.Post, sentinel.ConfigMaps,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"Bad_"}}""");

        var status = await response.AssertStatusAsync(422, "Invalid");
        HttpResponseExtensions.AssertCause(status, "metadata.generateName", "FieldValueInvalid");
        await sentinel.AssertIntactAsync();
    }

    [Fact]
    public async Task A_good_generateName_gets_a_five_character_suffix()
    {
        var sentinel = await Sentinel.CreateAsync(_http, "genname");

        var created = await _http.CreateAsync(sentinel.ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""");

        var name = (string?)created["metadata"]?["name"];
        Assert.Matches("^gen-[a-z0-9]{5}$", name);
        await sentinel.AssertIntactAsync();
    }
}

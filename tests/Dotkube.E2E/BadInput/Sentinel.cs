using System.Net;

namespace Dotkube.E2E.BadInput;

/// <summary>
/// A namespace of the test's own with a known ConfigMap in it, read back after the bad requests:
/// the server must still answer /readyz and the object must be exactly as it was.
/// </summary>
public sealed class Sentinel
{
    private readonly AdminHttp _http;
    private string _stored = "";

    private Sentinel(AdminHttp http, string ns)
    {
        _http = http;
        Namespace = ns;
    }

    public string Namespace { get; }

    public string ObjectPath => $"/api/v1/namespaces/{Namespace}/configmaps/sentinel";

    public string ConfigMaps => $"/api/v1/namespaces/{Namespace}/configmaps";

    public static async Task<Sentinel> CreateAsync(AdminHttp http, string prefix)
    {
        var sentinel = new Sentinel(http, Harness.SharedServerFixture.UniqueNamespace(prefix));
        await http.CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{sentinel.Namespace}}}"}}""");
        await http.CreateAsync(sentinel.ConfigMaps,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"sentinel","labels":{"keep":"me"}},"data":{"a":"1","b":"grüße ✓"}}""");
        sentinel._stored = await http.GetStringAsync(sentinel.ObjectPath);
        return sentinel;
    }

    /// <summary>The server is ready and the sentinel object is byte for byte what it was.</summary>
    public async Task AssertIntactAsync()
    {
        using var ready = await _http.SendAsync(HttpMethod.Get, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(_stored, await _http.GetStringAsync(ObjectPath));
    }
}

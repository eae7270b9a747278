using System.Net.Http.Headers;
using System.Text;

namespace Dotkube.Bench.Api;

/// <summary>
/// The object the load creates: a Pod whose request body is about 1 KB (one container, labels,
/// and an annotation as padding). The server's defaulting makes the stored object larger.
/// </summary>
internal static class PodManifest
{
    public const int TargetBytes = 1024;

    private static readonly string Padding = PaddingFor(TargetBytes);

    public static string Json(string ns, string name) => Template(ns, name, Padding);

    public static HttpRequestMessage Create(string ns, string name)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Json(ns, name)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods") { Content = content };
    }

    public static HttpRequestMessage CreateNamespace(string name)
    {
        var content = new StringContent($$$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{{name}}}}"}}""", Encoding.UTF8, "application/json");
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces") { Content = content };
    }

    private static string Template(string ns, string name, string padding) =>
        $$$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{name}}}}","namespace":"{{{{ns}}}}","labels":{"app":"bench","tier":"load","bench.dotkube.io/run":"api"},"annotations":{"bench.dotkube.io/padding":"{{{{padding}}}}"}},"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10","args":["--sleep","3600"],"env":[{"name":"MODE","value":"bench"}],"ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{"requests":{"cpu":"10m","memory":"16Mi"},"limits":{"memory":"32Mi"}}}],"restartPolicy":"Always","terminationGracePeriodSeconds":5}}""";

    // Pads a typical name ("bench-07-000123") up to the target size.
    private static string PaddingFor(int target)
    {
        var without = Encoding.UTF8.GetByteCount(Template("bench", "bench-07-000123", ""));
        return new string('x', Math.Max(0, target - without));
    }
}

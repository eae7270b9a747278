using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client;

/// <summary>
/// A client of a Kubernetes API server (dotkube's or any other) over an <see cref="HttpMessageHandler"/>:
/// real HTTPS built from a kubeconfig (<see cref="FromKubeconfig"/>) or an in-process handler.
/// Resources are addressed by <see cref="ResourceType"/>; objects are KubernetesClient models
/// (V1Pod, …) or untyped <see cref="System.Text.Json.Nodes.JsonObject"/>. Every refusal surfaces
/// as a <see cref="KubeApiException"/> carrying the server's Status. Thread-safe.
/// </summary>
public sealed partial class KubeApiClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool ownsHttp;

    public KubeApiClient(HttpMessageHandler handler, Uri baseUri, KubeApiClientOptions? options = null, bool disposeHandler = true)
        : this(new HttpClient(handler, disposeHandler) { BaseAddress = baseUri }, options, ownsHttpClient: true)
    {
    }

    /// <summary>Uses <paramref name="httpClient"/> as is (its BaseAddress must be the server's URL).</summary>
    public KubeApiClient(HttpClient httpClient, KubeApiClientOptions? options = null, bool ownsHttpClient = false)
    {
        http = httpClient;
        ownsHttp = ownsHttpClient;
        // Watches stay open for many minutes; other calls get Options.RequestTimeout each.
        http.Timeout = Timeout.InfiniteTimeSpan;
        Options = options ?? new KubeApiClientOptions();
        BaseUri = httpClient.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(httpClient));
    }

    public Uri BaseUri { get; }

    public KubeApiClientOptions Options { get; }

    /// <summary>A view of one resource with objects of type <typeparamref name="T"/>.</summary>
    public ResourceClient<T> Resource<T>(ResourceType type)
        where T : class => new(this, type);

    /// <summary>A view of the resource of a KubernetesClient model, e.g. <c>Resource&lt;V1Pod&gt;()</c>.</summary>
    public ResourceClient<T> Resource<T>()
        where T : class => new(this, ResourceType.For<T>());

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    /// <summary>Sends a request and returns the response once its status is a success; throws the Status otherwise.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool streaming, CancellationToken cancellationToken)
    {
        // Callers that want another representation (e.g. PartialObjectMetadata) set Accept themselves.
        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        var response = await http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            throw new KubeApiException(StatusFrom((int)response.StatusCode, response.ReasonPhrase, body));
        }
    }

    internal async Task<byte[]> SendForBytesAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken, TimeSpan? requestTimeout = null, string? accept = null)
    {
        var limit = requestTimeout ?? Options.RequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        try
        {
            using var response = await SendAsync(request, streaming: false, timeout.Token).ConfigureAwait(false);
            return await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {pathAndQuery} took longer than {limit}");
        }
    }

    internal static StringContent JsonContent(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>The Status of an error response: the body when it is one, else one made from the HTTP status.</summary>
    internal static V1Status StatusFrom(int code, string? reasonPhrase, ReadOnlySpan<byte> body)
    {
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            try
            {
                var status = JsonSerializer.Deserialize<V1Status>(body, KubeJson.Options);
                if (status is { Kind: "Status" })
                {
                    status.Code ??= code;
                    return status;
                }
            }
            catch (JsonException)
            {
                // Not a Status: fall through and report the raw body.
            }
        }
        return new V1Status
        {
            Kind = "Status",
            ApiVersion = "v1",
            Status = "Failure",
            Code = code,
            Reason = ReasonFor(code),
            Message = body.Length == 0 ? $"{code} {reasonPhrase}" : Encoding.UTF8.GetString(body),
        };
    }

    private static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Authentication.Webhook;

/// <summary>
/// Webhook token authentication (--authentication-token-webhook-config-file): each token goes to
/// the remote service as a TokenReview, whose status says who it is. A failed call (after
/// upstream's retries) or a status.error refuses the token with that reason; a plain
/// "not authenticated" leaves it to the other methods. Audiences as upstream: the review asks
/// for the wanted audiences, and its status.audiences (or, when it gives none, the API server's
/// own) must intersect them.
/// </summary>
public sealed class WebhookTokenAuthenticator(WebhookTokenOptions options, HttpClient http) : ITokenAuthenticator
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        JsonObject status;
        try
        {
            status = await ReviewAsync(token, audiences, cancellationToken);
        }
        catch (WebhookException e)
        {
            return TokenResult.Reject($"webhook: {e.Message}");
        }
        var granted = audiences;
        if (audiences.Count > 0)
        {
            var answered = Strings(status["audiences"]).Where(a => a.Length > 0).ToList();
            var good = answered is { Count: > 0 } ? answered : options.ImplicitAudiences;
            granted = [.. audiences.Where(good.Contains)];
            if (granted.Count == 0)
            {
                return TokenResult.NotMine;
            }
        }
        if (status["authenticated"]?.GetValueKind() != JsonValueKind.True)
        {
            return Str(status["error"]) is { Length: > 0 } error ? TokenResult.Reject(error) : TokenResult.NotMine;
        }
        var user = status["user"] as JsonObject;
        var extra = (user?["extra"] as JsonObject)?.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<string>)[.. Strings(kv.Value)]);
        return TokenResult.Accept(new UserInfo(
            Str(user?["username"]) ?? "",
            [.. Strings(user?["groups"])],
            Str(user?["uid"]) ?? "",
            extra is { Count: > 0 } ? extra : null), granted);
    }

    // A webhook's answer is untrusted input: values of the wrong type read as absent.
    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Str).OfType<string>() : [];

    /// <summary>The review's status, retrying connection failures, 429 and 5xx answers with upstream's backoff.</summary>
    private async Task<JsonObject> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["kind"] = "TokenReview",
            ["apiVersion"] = $"authentication.k8s.io/{options.Version}",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = audiences.Count > 0
                ? new JsonObject { ["token"] = token, ["audiences"] = new JsonArray([.. audiences.Select(a => JsonValue.Create(a))]) }
                : new JsonObject { ["token"] = token },
            ["status"] = new JsonObject { ["user"] = new JsonObject() },
        }.ToJsonString();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var delay = options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var (status, retry, error) = await TryOnceAsync(body, timeout.Token);
            if (status is not null)
            {
                return status;
            }
            if (!retry || attempt >= options.Attempts || cancellationToken.IsCancellationRequested)
            {
                throw new WebhookException(error!);
            }
            try
            {
                await Task.Delay(delay * (1 + (Random.Shared.NextDouble() * 0.2)), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new WebhookException($"{error} (and the review timed out)");
            }
            delay *= 1.5;
        }
    }

    private async Task<(JsonObject? Status, bool Retry, string? Error)> TryOnceAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return (null, true, $"Post \"{options.Endpoint}\": {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return (null, false, $"Post \"{options.Endpoint}\": context deadline exceeded");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                var retry = code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                return (null, retry, $"the server responded with status {code}: {Shorten(text)}");
            }
            return ParseReview(text) is { } review && Str(review["kind"]) is "TokenReview"
                ? (review["status"] as JsonObject ?? [], false, null)
                : (null, false, $"the webhook's answer is not a TokenReview: {Shorten(text)}");
        }
    }

    private static JsonObject? ParseReview(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text;

    private sealed class WebhookException(string message) : Exception(message);
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.Webhook;

namespace Dotkube.ApiServer.Tests.Security;

public sealed class WebhookTokenAuthenticatorTests
{
    private static readonly string[] ApiAudiences = ["https://kubernetes.default.svc.cluster.local"];

    /// <summary>Answers each request with the next (status, body), recording what was sent.</summary>
    private sealed class ScriptedWebhook(params (HttpStatusCode Status, string Body)[] answers) : HttpMessageHandler
    {
        public List<JsonObject> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject());
            var (status, body) = answers[Math.Min(Requests.Count, answers.Length) - 1];
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static (WebhookTokenAuthenticator Authenticator, ScriptedWebhook Webhook) Create(string version = "v1", params (HttpStatusCode, string)[] answers)
    {
        var webhook = new ScriptedWebhook(answers);
        var options = new WebhookTokenOptions
        {
            Endpoint = new Uri("https://authn.example/review"),
            Version = version,
            ImplicitAudiences = ApiAudiences,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
        };
        return (new WebhookTokenAuthenticator(options, new HttpClient(webhook)), webhook);
    }

    private static string Review(string status) => $$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","status":{{status}}}""";

    private const string Jane = """{"authenticated":true,"user":{"username":"jane","uid":"42","groups":["devs","ops"],"extra":{"scopes":["a","b"]}}}""";

    [Fact]
    public async Task An_authenticated_review_gives_the_webhooks_user_groups_uid_and_extra()
    {
        var (authn, webhook) = Create("v1", (HttpStatusCode.OK, Review(Jane)));
        var result = await authn.AuthenticateTokenAsync("secret-token", ApiAudiences, default);
        Assert.Equal("jane", result.User!.Name);
        Assert.Equal("42", result.User.Uid);
        Assert.Equal(["devs", "ops"], result.User.Groups);
        Assert.Equal(["a", "b"], result.User.Extra!["scopes"]);
        Assert.Equal(ApiAudiences, result.Audiences);
        var sent = webhook.Requests.Single();
        Assert.Equal("authentication.k8s.io/v1", sent["apiVersion"]!.GetValue<string>());
        Assert.Equal("TokenReview", sent["kind"]!.GetValue<string>());
        Assert.Equal("secret-token", sent["spec"]!["token"]!.GetValue<string>());
        Assert.Equal(ApiAudiences[0], sent["spec"]!["audiences"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_v1beta1_version_sends_a_v1beta1_review()
    {
        var (authn, webhook) = Create("v1beta1", (HttpStatusCode.OK, Review(Jane)));
        Assert.NotNull((await authn.AuthenticateTokenAsync("t", ApiAudiences, default)).User);
        Assert.Equal("authentication.k8s.io/v1beta1", webhook.Requests.Single()["apiVersion"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string[], string> Outcomes => new()
    {
        { "authenticated for one of the wanted audiences", """{"authenticated":true,"user":{"username":"u"},"audiences":["other","api"]}""", ["api"], "user u for [api]" },
        { "authenticated for other audiences only", """{"authenticated":true,"user":{"username":"u"},"audiences":["other"]}""", ["api"], "not mine" },
        { "no audiences answered, and the wanted ones are not the API server's", """{"authenticated":true,"user":{"username":"u"}}""", ["api"], "not mine" },
        { "not authenticated, without an error", """{"authenticated":false}""", ApiAudiences, "not mine" },
        { "not authenticated, with an error", """{"authenticated":false,"error":"token revoked"}""", ApiAudiences, "refused: token revoked" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Reviews_are_read_as_upstream(string what, string status, string[] wanted, string expected)
    {
        var (authn, _) = Create("v1", (HttpStatusCode.OK, Review(status)));
        var result = await authn.AuthenticateTokenAsync("t", wanted, default);
        var actual = result switch
        {
            { User: { } u } => $"user {u.Name} for [{string.Join(' ', result.Audiences)}]",
            { Failure: { } f } => $"refused: {f}",
            _ => "not mine",
        };
        Assert.True(expected == actual, $"{what}: {actual}");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        var (authn, webhook) = Create("v1", (HttpStatusCode.InternalServerError, "boom"), (HttpStatusCode.TooManyRequests, ""), (HttpStatusCode.OK, Review(Jane)));
        Assert.Equal("jane", (await authn.AuthenticateTokenAsync("t", ApiAudiences, default)).User!.Name);
        Assert.Equal(3, webhook.Requests.Count);
    }

    [Theory]
    [InlineData("a 401 from the webhook is not retried", HttpStatusCode.Unauthorized, "nope", 1, "the server responded with status 401")]
    [InlineData("a webhook down for good is tried five times", HttpStatusCode.ServiceUnavailable, "down", 5, "the server responded with status 503")]
    [InlineData("an answer that is not a TokenReview", HttpStatusCode.OK, "{\"kind\":\"Status\"}", 1, "the webhook's answer is not a TokenReview")]
    public async Task Failures_refuse_the_token_with_the_reason(string what, HttpStatusCode status, string body, int calls, string reason)
    {
        var (authn, webhook) = Create("v1", (status, body));
        var result = await authn.AuthenticateTokenAsync("t", ApiAudiences, default);
        Assert.Null(result.User);
        Assert.True(result.Failure?.Contains(reason) == true, $"{what}: {result.Failure}");
        Assert.Equal(calls, webhook.Requests.Count);
    }

    private sealed class CountingAuthenticator(TokenResult answer) : ITokenAuthenticator
    {
        public int Calls { get; private set; }

        public ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult(answer);
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public static TheoryData<string, TokenResult, int> CacheCases => new()
    {
        { "an accepted token is cached", TokenResult.Accept(new UserInfo("jane", []), ApiAudiences), 1 },
        { "an unauthenticated answer is cached", TokenResult.NotMine, 1 },
        { "an error is not cached", TokenResult.Reject("webhook: down"), 2 },
    };

    [Theory]
    [MemberData(nameof(CacheCases))]
    public async Task The_cache_keeps_answers_but_not_errors_for_the_ttl(string what, TokenResult answer, int callsForTwoRequests)
    {
        var inner = new CountingAuthenticator(answer);
        var clock = new ManualClock();
        var cached = new CachedTokenAuthenticator(inner, TimeSpan.FromMinutes(2), clock);
        await cached.AuthenticateTokenAsync("t", ApiAudiences, default);
        clock.Now += TimeSpan.FromSeconds(119);
        await cached.AuthenticateTokenAsync("t", ApiAudiences, default);
        Assert.True(callsForTwoRequests == inner.Calls, what);
        clock.Now += TimeSpan.FromSeconds(2);
        await cached.AuthenticateTokenAsync("t", ApiAudiences, default);
        Assert.Equal(callsForTwoRequests + 1, inner.Calls);
    }

    [Fact]
    public async Task Other_tokens_and_other_audiences_are_separate_entries()
    {
        var inner = new CountingAuthenticator(TokenResult.NotMine);
        var cached = new CachedTokenAuthenticator(inner, TimeSpan.FromMinutes(2), new ManualClock());
        await cached.AuthenticateTokenAsync("t", ["a"], default);
        await cached.AuthenticateTokenAsync("t", ["b"], default);
        await cached.AuthenticateTokenAsync("u", ["a"], default);
        await cached.AuthenticateTokenAsync("t", ["a"], default);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_zero_ttl_caches_nothing()
    {
        var inner = new CountingAuthenticator(TokenResult.NotMine);
        var cached = new CachedTokenAuthenticator(inner, TimeSpan.Zero, new ManualClock());
        await cached.AuthenticateTokenAsync("t", ["a"], default);
        await cached.AuthenticateTokenAsync("t", ["a"], default);
        Assert.Equal(2, inner.Calls);
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Authentication.Tokens;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Http;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources;
using Dotkube.Storage.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Tests.Security;

/// <summary>
/// The real pipeline over a memory store with the real authentication chain: the header
/// <c>X-Test-User: name;group1,group2</c> stands in for a client certificate, bearer tokens go
/// through the token file and service account methods, and the authorizer chain is what the test
/// passes (empty allows everything). Log lines are kept in <see cref="Log"/>.
/// </summary>
public sealed class SecurityTestHost : IAsyncDisposable
{
    public const string AdminHeader = "X-Test-User";

    private readonly WebApplication app;

    public MemoryStore Store { get; } = new();

    public ApiHandler Handler { get; }

    public HttpClient Client { get; }

    public ListLogger Log { get; } = new();

    public ServiceAccountTokenOptions TokenOptions { get; }

    public ServiceAccountTokenIssuer Issuer { get; }

    public IObjectStores Stores => new ApiObjectStores(Handler);

    private sealed class HeaderAuthenticator : IAuthenticator
    {
        public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
        {
            var value = context.Request.Headers[AdminHeader].ToString();
            if (value.Length == 0)
            {
                return ValueTask.FromResult<UserInfo?>(null);
            }
            var parts = value.Split(';');
            return ValueTask.FromResult<UserInfo?>(new UserInfo(parts[0], parts.Length > 1 ? parts[1].Split(',') : []));
        }
    }

    public SecurityTestHost(IReadOnlyList<IAuthorizer> authorizers, bool anonymousAuth = true, IReadOnlyDictionary<string, UserInfo>? staticTokens = null)
    {
        var registry = new ResourceRegistry();
        registry.RegisterAll(BuiltinResources.All);
        ApiHandler? handler = null;
        GenericStore Core(string plural) => handler!.StoreFor(registry.Find("", "v1", plural)!);
        var lifecycle = new NamespaceLifecycle((name, ct) => Core("namespaces").TryGetAsync("", name, ct));
        var key = new JwtKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        TokenOptions = new ServiceAccountTokenOptions { SigningKey = key, VerificationKeys = [key] };
        Issuer = new ServiceAccountTokenIssuer(TokenOptions, TimeProvider.System);
        CoreObjectGetter get = (resource, ns, name, ct) => Core(resource).TryGetAsync(ns, name, ct);
        var bearer = new BearerTokenAuthenticator(
            [new StaticTokenAuthenticator(staticTokens ?? new Dictionary<string, UserInfo>(), TokenOptions.ApiAudiences),
             new ServiceAccountTokenAuthenticator(TokenOptions, get, TimeProvider.System)],
            TokenOptions.ApiAudiences);
        ValueTask<AuthorizationResult> Authorize(AuthorizationAttributes attributes, CancellationToken ct) => handler!.CheckAuthorizationAsync(attributes, ct);
        handler = new ApiHandler(registry, Store, [new HeaderAuthenticator(), bearer], authorizers,
            [new CertificateSigningRequestRequester(), lifecycle, new ServiceAccountAdmission((ns, name, ct) => Core("serviceaccounts").TryGetAsync(ns, name, ct)),
             new CertificateApproval(Authorize), new CertificateSigning(Authorize), new CertificateSubjectRestriction()],
            new DiscoveryDocuments(registry, () => "127.0.0.1:6443"), null, TimeProvider.System, Log)
        {
            Authentication = new AuthenticationSettings
            {
                AnonymousAuth = anonymousAuth,
                Tokens = bearer,
                TokenIssuer = Issuer,
                ApiAudiences = TokenOptions.ApiAudiences,
            },
        };
        Handler = handler;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        app = builder.Build();
        app.Run(handler.HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        Client = app.GetTestClient();
    }

    public static async Task<SecurityTestHost> StartAsync(IReadOnlyList<IAuthorizer>? authorizers = null, bool anonymousAuth = true,
        IReadOnlyDictionary<string, UserInfo>? staticTokens = null, params string[] namespaces)
    {
        var host = new SecurityTestHost(authorizers ?? [], anonymousAuth, staticTokens);
        foreach (var ns in namespaces)
        {
            var (code, _) = await host.AdminAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            Assert.Equal(201, code);
        }
        return host;
    }

    /// <summary>A request as the admin (system:masters) unless <paramref name="headers"/> say otherwise.</summary>
    public Task<(int Code, JsonObject Body)> AdminAsync(HttpMethod method, string path, string? body = null, params (string Name, string Value)[] headers) =>
        SendAsync(method, path, body, [(AdminHeader, "admin;system:masters"), .. headers]);

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? new JsonObject { ["text"] = text });
    }

    /// <summary>Who the pipeline says the request is (a SelfSubjectReview).</summary>
    public async Task<(int Code, JsonObject Body)> WhoAmIAsync(params (string Name, string Value)[] headers) =>
        await SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", headers);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log line.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add(formatter(state, exception));
        }
    }
}

/// <summary>An authorizer that answers every request the same way, recording what it was asked.</summary>
public sealed class FixedAuthorizer(AuthorizationDecision decision, string reason = "") : IAuthorizer
{
    public List<AuthorizationAttributes> Asked { get; } = [];

    /// <summary>Only these special-verb checks (e.g. approve/sign on signers) get the fixed decision; every request itself is allowed.</summary>
    public string? OnlyForResource { get; init; }

    public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(attributes);
        }
        if (OnlyForResource is not null && attributes.Resource != OnlyForResource)
        {
            return ValueTask.FromResult(AuthorizationResult.Allowed);
        }
        return ValueTask.FromResult(new AuthorizationResult(decision, reason));
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Discovery;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Http;

/// <summary>
/// The request pipeline: request info → authentication → authorization (the first Allow or Deny
/// of the chain; nothing allowing is a 403 worded as upstream's) → non-resource paths (health, version, discovery, OpenAPI) or the generic resource verbs. Every
/// failure leaves as a Status.
/// </summary>
public sealed partial class ApiHandler(
    ResourceRegistry registry,
    IRevisionedStore store,
    IReadOnlyList<IAuthenticator> authenticators,
    IReadOnlyList<IAuthorizer> authorizers,
    IReadOnlyList<IAdmissionPlugin> admission,
    DiscoveryDocuments discovery,
    Func<HttpContext, Task<bool>>? openApi,
    TimeProvider clock,
    ILogger logger)
{
    private readonly ConcurrentDictionary<ResourceDefinition, GenericStore> stores = new();
    private readonly AdmissionChain admissionChain = new(admission);

    /// <summary>Paths readable without credentials, as upstream's system:public-info-viewer allows.</summary>
    private static readonly HashSet<string> PublicPaths = ["/healthz", "/livez", "/readyz", "/version", "/version/"];

    public ResourceRegistry Registry => registry;

    /// <summary>The admission plugins every write passes through, in order.</summary>
    public AdmissionChain Admission => admissionChain;

    public Func<bool> Ready { get; set; } = () => true;

    /// <summary>The discovery documents (/api, /apis, …), which the aggregation layer extends.</summary>
    public DiscoveryDocuments Discovery => discovery;

    /// <summary>
    /// The aggregation layer's proxy: given an authenticated, authorized request, answers it and
    /// returns true when its group-version is served by an extension API server.
    /// </summary>
    public Func<HttpContext, RequestInfo, UserInfo, Task<bool>>? Proxy { get; set; }

    public GenericStore StoreFor(ResourceDefinition def) =>
        stores.GetOrAdd(def, d => new GenericStore(d, store, admissionChain, clock, WatchCaches));

    /// <summary>The watch caches reads go through (--watch-cache); null reads storage only. Set before the first request.</summary>
    public WatchCache.WatchCaches? WatchCaches { get; set; }

    public async Task HandleAsync(HttpContext ctx)
    {
        try
        {
            await DispatchAsync(ctx);
        }
        catch (StatusException e)
        {
            await TryWriteStatusAsync(ctx, e);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
        catch (InvalidOperationException e) when (e.Message.Contains("maximum allowed depth", StringComparison.Ordinal))
        {
            // Writing an object back out hit the JSON writer's nesting limit: the input was too deep.
            await TryWriteStatusAsync(ctx, StatusException.BadRequest($"the object is nested too deeply: {e.Message}"));
        }
        catch (ValueTooLargeException e)
        {
            // etcd refuses requests over 1.5 MiB; upstream passes that on as a 500, we say what it is.
            await TryWriteStatusAsync(ctx, StatusException.TooLarge($"Request entity too large: {e.Message}"));
        }
        catch (StoreUnavailableException e)
        {
            // Upstream passes etcd's own error on as a 500; a 503/504 that names etcd tells clients to retry.
            logger.LogWarning("datastore unavailable on {Method} {Path}: {Error}", ctx.Request.Method, ctx.Request.Path, e.Message);
            await TryWriteStatusAsync(ctx, StoreUnavailable(e));
        }
        catch (StorageException e)
        {
            logger.LogError(e, "storage failure on {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            await TryWriteStatusAsync(ctx, StatusException.Internal($"storage error: {e.Message}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "unhandled failure on {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            await TryWriteStatusAsync(ctx, StatusException.Internal($"an error on the server (\"{e.Message}\") has prevented the request from succeeding"));
        }
    }

    /// <summary>503 ServiceUnavailable when the datastore refused, 504 Timeout when it gave up waiting; either way the write may not have happened.</summary>
    internal static StatusException StoreUnavailable(StoreUnavailableException e) => e.TimedOut
        // No Retry-After: client-go would repeat every verb up to ten times on it, each waiting out etcd's timeout.
        ? new StatusException(504, "Timeout", $"the datastore did not answer in time; the request may or may not have been applied: {e.Message}")
        : StatusException.ServiceUnavailable($"the datastore is unavailable: {e.Message}");

    private static async Task TryWriteStatusAsync(HttpContext ctx, StatusException e)
    {
        if (ctx.Response.HasStarted)
        {
            // A stream (watch) already started: the error can only end it.
            ctx.Abort();
            return;
        }
        await Responses.WriteStatusAsync(ctx, e);
    }

    private async Task DispatchAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var user = await AuthenticateRequestAsync(ctx, path);
        user = await ImpersonateAsync(ctx, user);
        var watchParam = IsTrue(Responses.Query(ctx, "watch"));
        var info = RequestInfoParser.Parse(ctx.Request.Method, path, watchParam);
        await AuthorizeAsync(ctx, info, user, path);
        if (Proxy is { } proxy && await proxy(ctx, info, user))
        {
            return;
        }

        switch (path)
        {
            case "/healthz" or "/livez" or "/readyz":
                await WriteHealthAsync(ctx, path == "/readyz" ? Ready() : true);
                return;
            case "/version" or "/version/":
                await Responses.WriteJsonAsync(ctx, 200, VersionInfo.Document());
                return;
        }
        if (path.StartsWith("/openapi/", StringComparison.Ordinal) && openApi is not null && await openApi(ctx))
        {
            return;
        }

        if (!info.IsResourceRequest)
        {
            if (await discovery.TryServeAsync(ctx, info))
            {
                return;
            }
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }
        await HandleResourceAsync(ctx, info, user);
    }

    public IReadOnlyList<IAuthorizer> Authorizers => authorizers;

    /// <summary>
    /// Asks the chain whether the user may make this request: resource requests with the verb the
    /// request info derived (get, list, watch, create, update, patch, delete, deletecollection),
    /// other paths with the lower-case HTTP method.
    /// </summary>
    private async Task AuthorizeAsync(HttpContext ctx, RequestInfo info, UserInfo user, string path)
    {
        if (authorizers.Count == 0)
        {
            // No chain configured (handlers built for tests, or embedding without authorization):
            // everything authenticated is allowed, and anonymous requests were already refused
            // outside the public paths by authentication.
            return;
        }
        var attributes = info.IsResourceRequest
            ? new AuthorizationAttributes(user, info.Verb, true, path, info.Group, info.Version, info.Resource, info.Subresource, info.Namespace, info.Name)
            : new AuthorizationAttributes(user, ctx.Request.Method.ToLowerInvariant(), false, path);
        var result = await AuthorizerChain.AuthorizeAsync(authorizers, attributes, ctx.RequestAborted);
        if (result.Decision != AuthorizationDecision.Allow)
        {
            throw ForbiddenError.For(attributes, result.Reason);
        }
    }

    private static Task WriteHealthAsync(HttpContext ctx, bool ok)
    {
        ctx.Response.StatusCode = ok ? 200 : 500;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return ctx.Response.WriteAsync(ok ? "ok" : "not ready", ctx.RequestAborted);
    }

    internal static bool IsTrue(string value) => value is "true" or "1" or "True";

    private async Task HandleResourceAsync(HttpContext ctx, RequestInfo info, UserInfo user)
    {
        var def = registry.Find(info.Group, info.Version, info.Resource)
            ?? throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        // A namespace request names the namespace in the path; cluster-scoped resources have none.
        var ns = def.Namespaced ? info.Namespace : "";
        if (def.Namespaced && ns.Length == 0 && info.Name.Length > 0)
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }
        RequestVersion.Current = def.GroupVersion(info.Version);
        Dotkube.ApiServer.Admission.AdmissionRequestContext.Current = new(text => FieldValidation.ResponseWarnings.Add(ctx, text));
        if (def.DeprecationWarnings.TryGetValue(info.Version, out var deprecation))
        {
            FieldValidation.ResponseWarnings.Add(ctx, deprecation);
        }
        if (info.Subresource.Length > 0)
        {
            await HandleSubresourceAsync(ctx, info, def, ns, user);
            return;
        }
        if (!def.Verbs.Contains(info.Verb))
        {
            throw MethodNotAllowed();
        }
        if (def.Group == "authentication.k8s.io" && info.Verb == "create")
        {
            await CreateAuthenticationReviewAsync(ctx, info, def, user);
            return;
        }
        switch (info.Verb)
        {
            case "get":
                await GetAsync(ctx, info, def, ns);
                break;
            case "list":
                await ListAsync(ctx, info, def, ns);
                break;
            case "watch":
                await WatchAsync(ctx, info, def, ns);
                break;
            case "create":
                await CreateAsync(ctx, info, def, ns, user);
                break;
            case "update":
                await UpdateAsync(ctx, info, def, ns, user, UpdateTarget.Main);
                break;
            case "patch":
                await PatchAsync(ctx, info, def, ns, user, UpdateTarget.Main);
                break;
            case "delete":
                await DeleteAsync(ctx, info, def, ns, user);
                break;
            case "deletecollection":
                await DeleteCollectionAsync(ctx, info, def, ns, user);
                break;
            default:
                throw MethodNotAllowed();
        }
    }

    private static StatusException MethodNotAllowed() =>
        StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");

    /// <summary>The response shape for a read, or 406 when nothing acceptable was offered.</summary>
    private static ResponseShape Negotiate(HttpContext ctx)
    {
        var accept = ctx.Request.Headers.Accept.ToString();
        return MediaTypes.Negotiate(accept, allowTable: true)
            ?? throw StatusException.NotAcceptable(
                "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }

    /// <summary>
    /// The response shape for a get or list, which may also be protobuf when the served kind (and
    /// its list kind) have message definitions.
    /// </summary>
    private static ResponseShape NegotiateRead(HttpContext ctx, ResourceDefinition def, string version)
    {
        var apiVersion = def.GroupVersion(version);
        var protobuf = Machinery.Protobuf.KubeProtobuf.Supports(apiVersion, def.Kind)
            && Machinery.Protobuf.KubeProtobuf.Supports(apiVersion, def.ListKind);
        return MediaTypes.Negotiate(ctx.Request.Headers.Accept.ToString(), allowTable: true, allowProtobuf: protobuf)
            ?? throw StatusException.NotAcceptable(
                "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }

    private JsonObject Served(JsonObject stored, ResourceDefinition def, RequestInfo info) =>
        VersionBridge.ToServed(stored, def, info.Version);
}

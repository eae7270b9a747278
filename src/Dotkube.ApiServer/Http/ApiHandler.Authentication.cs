using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Authorization;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Http;

/// <summary>Authentication (the union of methods, anonymous) and impersonation.</summary>
public sealed partial class ApiHandler
{
    private const string AuthenticatedGroup = "system:authenticated";
    private const string UnauthenticatedGroup = "system:unauthenticated";

    /// <summary>Anonymous policy and the token services (TokenReview, TokenRequest).</summary>
    public AuthenticationSettings Authentication { get; set; } = AuthenticationSettings.Default;

    /// <summary>
    /// Runs every method in order; the first that accepts wins, even after another refused its
    /// credential (upstream's union). When none accepts but one refused, the request is 401 and one
    /// log line says why. Without any credential the request is system:anonymous, unless
    /// --anonymous-auth=false. Interim until the RBAC authorizer is wired: with no authorizer
    /// configured, anonymous requests outside the public paths are still 401, so an empty
    /// authorizer chain never lets strangers in.
    /// </summary>
    private async Task<UserInfo> AuthenticateRequestAsync(HttpContext ctx, string path)
    {
        List<string>? failures = null;
        foreach (var a in authenticators)
        {
            try
            {
                if (await a.AuthenticateAsync(ctx) is { } user)
                {
                    return WithAuthenticatedGroup(user);
                }
            }
            catch (AuthenticationException e)
            {
                (failures ??= []).Add(e.Message);
            }
        }
        if (failures is not null)
        {
            throw Unauthorized(ctx, string.Join("; ", failures));
        }
        if (!Authentication.AnonymousAuth)
        {
            throw Unauthorized(ctx, "no credentials presented and anonymous requests are disabled (--anonymous-auth=false)");
        }
        if (authorizers.Count == 0 && !PublicPaths.Contains(path))
        {
            throw Unauthorized(ctx, "no credentials presented (anonymous requests are refused until an authorizer is configured)");
        }
        return UserInfo.Anonymous;
    }

    private StatusException Unauthorized(HttpContext ctx, string reason)
    {
        logger.LogInformation("401 Unauthorized for {Method} {Path} from {Remote}: {Reason}",
            ctx.Request.Method, ctx.Request.Path.Value, ctx.Connection.RemoteIpAddress, reason);
        return StatusException.Unauthorized();
    }

    /// <summary>Every authenticated user is in system:authenticated, whichever method vouched for it.</summary>
    private static UserInfo WithAuthenticatedGroup(UserInfo user) =>
        user.Groups.Contains(AuthenticatedGroup) ? user : user with { Groups = [.. user.Groups, AuthenticatedGroup] };

    /// <summary>
    /// Impersonate-User / -Group / -Uid / -Extra-KEY: each requested attribute needs the
    /// <c>impersonate</c> verb on users, groups, uids, userextras/KEY or the service account; the
    /// request then runs as the impersonated user.
    /// </summary>
    private async Task<UserInfo> ImpersonateAsync(HttpContext ctx, UserInfo requestor)
    {
        var headers = ctx.Request.Headers;
        var username = headers["Impersonate-User"].ToString();
        var groupsRequested = headers["Impersonate-Group"].Where(g => g is not null).Select(g => g!).ToList();
        var uid = headers["Impersonate-Uid"].ToString();
        var extra = new Dictionary<string, List<string>>();
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith("Impersonate-Extra-", StringComparison.OrdinalIgnoreCase))
            {
                var key = Uri.UnescapeDataString(name["Impersonate-Extra-".Length..]).ToLowerInvariant();
                (extra.TryGetValue(key, out var list) ? list : extra[key] = []).AddRange(values.Select(v => v ?? ""));
            }
        }
        if (username.Length == 0)
        {
            if (groupsRequested.Count > 0 || extra.Count > 0 || uid.Length > 0)
            {
                throw StatusException.Internal("requested impersonation of groups, a uid or extra attributes without impersonating a user");
            }
            return requestor;
        }

        var checks = new List<AuthorizationAttributes>();
        var groups = new List<string>();
        var path = ctx.Request.Path.Value ?? "/";
        if (ServiceAccountNames.TrySplit(username, out var saNs, out var saName))
        {
            checks.Add(new(requestor, "impersonate", true, path, "", "v1", "serviceaccounts", "", saNs, saName));
            if (groupsRequested.Count == 0)
            {
                groups.AddRange(ServiceAccountNames.Groups(saNs));
            }
        }
        else
        {
            checks.Add(new(requestor, "impersonate", true, path, "", "v1", "users", "", "", username));
        }
        foreach (var g in groupsRequested)
        {
            checks.Add(new(requestor, "impersonate", true, path, "", "v1", "groups", "", "", g));
            groups.Add(g);
        }
        if (uid.Length > 0)
        {
            checks.Add(new(requestor, "impersonate", true, path, "authentication.k8s.io", "v1", "uids", "", "", uid));
        }
        foreach (var (key, values) in extra)
        {
            foreach (var value in values)
            {
                checks.Add(new(requestor, "impersonate", true, path, "authentication.k8s.io", "v1", "userextras", key, "", value));
            }
        }
        foreach (var check in checks)
        {
            var result = await CheckAuthorizationAsync(check, ctx.RequestAborted);
            if (result.Decision != AuthorizationDecision.Allow)
            {
                throw ForbiddenError.For(check, result.Reason);
            }
        }
        if (username != UserInfo.Anonymous.Name)
        {
            if (!groups.Contains(AuthenticatedGroup) && !groups.Contains(UnauthenticatedGroup))
            {
                groups.Add(AuthenticatedGroup);
            }
        }
        else if (!groups.Contains(UnauthenticatedGroup))
        {
            groups.Add(UnauthenticatedGroup);
        }
        logger.LogDebug("{Requestor} is acting as {User}", requestor.Name, username);
        return new UserInfo(username, groups, uid,
            extra.Count > 0 ? extra.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value) : null);
    }

    /// <summary>
    /// The authorizer chain's decision: the first Allow or Deny; with no authorizer at all, Allow.
    /// Also what admission plugins use for their own verb checks (CSR <c>sign</c>).
    /// </summary>
    public async ValueTask<AuthorizationResult> CheckAuthorizationAsync(AuthorizationAttributes attributes, CancellationToken ct)
    {
        return authorizers.Count == 0
            ? AuthorizationResult.Allowed
            : await AuthorizerChain.AuthorizeAsync(authorizers, attributes, ct);
    }
}

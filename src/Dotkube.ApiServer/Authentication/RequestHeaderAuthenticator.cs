using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>Settings of the authenticating proxy (kube-apiserver's --requestheader-* flags).</summary>
public sealed record RequestHeaderOptions
{
    /// <summary>Checks the proxy's client certificate against --requestheader-client-ca-file.</summary>
    public required ClientCertificateAuthenticator.Verifier VerifyProxy { get; init; }

    /// <summary>--requestheader-allowed-names: common names the proxy's certificate may have; empty allows any.</summary>
    public IReadOnlyList<string> AllowedNames { get; init; } = [];

    public IReadOnlyList<string> UsernameHeaders { get; init; } = ["X-Remote-User"];

    public IReadOnlyList<string> UidHeaders { get; init; } = [];

    public IReadOnlyList<string> GroupHeaders { get; init; } = ["X-Remote-Group"];

    public IReadOnlyList<string> ExtraHeaderPrefixes { get; init; } = ["X-Remote-Extra-"];
}

/// <summary>
/// An authenticating proxy: a request over a client certificate from the request-header CA (and,
/// when configured, with an allowed common name) carries the real user in headers.
/// </summary>
public sealed class RequestHeaderAuthenticator(RequestHeaderOptions options) : IAuthenticator
{
    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var username = options.UsernameHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0);
        if (username is null)
        {
            return null;
        }
        var cert = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (cert is null)
        {
            // Headers without the proxy's certificate are just headers: someone else must authenticate the request.
            return null;
        }
        if (!options.VerifyProxy(cert, out var proxyName, out _, out var failure))
        {
            throw new AuthenticationException($"request-header authentication: {failure}");
        }
        if (options.AllowedNames.Count > 0 && !options.AllowedNames.Contains(proxyName))
        {
            throw new AuthenticationException($"request-header authentication: the proxy certificate's subject cn={proxyName} is not in the allowed list");
        }
        var groups = options.GroupHeaders.SelectMany(h => headers[h].SelectMany(v => (v ?? "").Split(','))).Select(g => g.Trim()).Where(g => g.Length > 0).ToList();
        var uid = options.UidHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0) ?? "";
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (name, values) in headers)
        {
            foreach (var prefix in options.ExtraHeaderPrefixes)
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    var key = Uri.UnescapeDataString(name[prefix.Length..]).ToLowerInvariant();
                    extra[key] = [.. extra.GetValueOrDefault(key, []), .. values.Select(v => v ?? "")];
                }
            }
        }
        return new UserInfo(username, groups, uid, extra.Count > 0 ? extra : null);
    }
}

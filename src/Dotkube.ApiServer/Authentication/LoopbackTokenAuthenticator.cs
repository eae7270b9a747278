using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// Bearer tokens the API server mints for the components that run inside its own process
/// (controllers, scheduler, simulated nodes), one per identity — the role upstream's loopback
/// client token plays for kube-apiserver's own clients. Tokens are 256 random bits, live only in
/// memory and never leave the process, so each component is authenticated (and later authorized)
/// as itself without a certificate or a service-account secret.
/// </summary>
public sealed class LoopbackTokenAuthenticator : IAuthenticator
{
    private const string Scheme = "Bearer ";
    private const string Prefix = "loopback-";
    private readonly ConcurrentDictionary<string, UserInfo> users = new(StringComparer.Ordinal);

    /// <summary>Mints a token that authenticates as <paramref name="user"/> for the life of this process.</summary>
    public string Issue(UserInfo user)
    {
        var token = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        users[token] = user;
        return token;
    }

    /// <summary>
    /// Recognizes the tokens this process minted. A token in the loopback form that it did not mint
    /// (forged, or from an earlier run) is refused; any other bearer token is left to the other
    /// token authenticators in the chain (null), as upstream's union authenticator does.
    /// </summary>
    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult<UserInfo?>(null);
        }
        var token = header[Scheme.Length..].Trim();
        if (users.TryGetValue(token, out var user))
        {
            return ValueTask.FromResult<UserInfo?>(user);
        }
        if (token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new AuthenticationException("a loopback token this process did not mint");
        }
        return ValueTask.FromResult<UserInfo?>(null);
    }
}

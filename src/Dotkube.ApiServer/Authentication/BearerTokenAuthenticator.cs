using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c>, tried against each token method in order; the first that
/// accepts wins. A token no method accepts is refused with every method's reason.
/// </summary>
public sealed class BearerTokenAuthenticator(IReadOnlyList<ITokenAuthenticator> methods, IReadOnlyList<string> apiAudiences) : IAuthenticator
{
    public IReadOnlyList<ITokenAuthenticator> Methods => methods;

    public IReadOnlyList<string> ApiAudiences => apiAudiences;

    public async ValueTask<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ');
        if (space <= 0 || !header[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header[(space + 1)..].Trim();
        if (token.Length == 0)
        {
            return null;
        }
        var result = await AuthenticateTokenAsync(token, apiAudiences, context.RequestAborted);
        return result.User ?? throw new AuthenticationException(result.Failure ?? "invalid bearer token");
    }

    /// <summary>Runs the token through every method (also what TokenReview does).</summary>
    public async Task<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var method in methods)
        {
            var result = await method.AuthenticateTokenAsync(token, audiences, ct);
            if (result.User is not null)
            {
                return result;
            }
            if (result.Failure is not null)
            {
                failures.Add(result.Failure);
            }
        }
        return TokenResult.Reject(failures.Count == 0 ? "invalid bearer token: no token authenticator recognizes it" : string.Join("; ", failures));
    }
}

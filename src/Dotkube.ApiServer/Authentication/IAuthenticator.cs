using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Authentication;

/// <summary>One authentication method in the chain.</summary>
public interface IAuthenticator
{
    /// <summary>
    /// Returns the user when this method recognizes and accepts the request's credential, null when
    /// the request carries no credential of this kind; throws a 401 StatusException when a presented
    /// credential is invalid.
    /// </summary>
    ValueTask<UserInfo?> AuthenticateAsync(HttpContext context);
}

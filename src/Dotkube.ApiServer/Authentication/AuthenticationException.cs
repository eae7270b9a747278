namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// A presented credential was refused; the message says why (wrong audience, expired, bad
/// signature, unknown CA, …). The pipeline logs it and answers 401 Unauthorized, which never
/// tells the client the reason, as upstream.
/// </summary>
public sealed class AuthenticationException(string reason) : Exception(reason);

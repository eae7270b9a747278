using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Authorization;

/// <summary>
/// What one request asks to do, in the terms authorizers decide on (upstream's authorizer.Attributes).
/// For a resource request <see cref="Path"/> is informational; for a non-resource request only
/// <see cref="Verb"/> (the lower-case HTTP method: get, post, put, …) and <see cref="Path"/> matter.
/// </summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection, or a special
/// verb (impersonate, bind, escalate, use, approve, sign); lower-case HTTP method for non-resource paths.</param>
public sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path = "",
    string ApiGroup = "",
    string ApiVersion = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "");

using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Errors;

/// <summary>A cause inside a Status's details.</summary>
public sealed record StatusCause(string Reason, string Message, string? Field);

/// <summary>
/// An API error that becomes a <c>kind: Status</c> response: HTTP code, upstream reason and
/// message wording. Thrown anywhere in the request pipeline and rendered by one handler.
/// </summary>
public sealed class StatusException : Exception
{
    public int Code { get; }
    public string Reason { get; }
    public string? DetailsName { get; init; }
    public string? DetailsGroup { get; init; }
    public string? DetailsKind { get; init; }
    public IReadOnlyList<StatusCause> Causes { get; init; } = [];
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Writes <c>details: {}</c> even when it has nothing in it: errors built by upstream's
    /// constructors (e.g. Forbidden for a non-resource path) carry an empty details object.
    /// </summary>
    public bool KeepEmptyDetails { get; init; }

    public StatusException(int code, string reason, string message) : base(message)
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>An error whose Status message hides a more detailed cause (kept for logs).</summary>
    public StatusException(int code, string reason, string message, Exception? innerException) : base(message, innerException)
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>The Status object for this error, as upstream serializes it.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        // Upstream's reason is omitempty: errors that are not API errors carry none.
        if (Reason.Length > 0)
        {
            status["reason"] = Reason;
        }
        var details = new JsonObject();
        if (DetailsName is not null)
        {
            details["name"] = DetailsName;
        }
        if (DetailsGroup is not null)
        {
            details["group"] = DetailsGroup;
        }
        if (DetailsKind is not null)
        {
            details["kind"] = DetailsKind;
        }
        if (Causes.Count > 0)
        {
            var causes = new JsonArray();
            foreach (var c in Causes)
            {
                var cause = new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message };
                if (c.Field is not null)
                {
                    cause["field"] = c.Field;
                }
                causes.Add(cause);
            }
            details["causes"] = causes;
        }
        if (RetryAfterSeconds is { } retry)
        {
            details["retryAfterSeconds"] = retry;
        }
        if (details.Count > 0 || KeepEmptyDetails)
        {
            status["details"] = details;
        }
        status["code"] = Code;
        return status;
    }

    /// <summary>"pods" in core, "deployments.apps" elsewhere: how upstream names a resource in messages.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    public static StatusException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    public static StatusException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    public static StatusException Conflict(string group, string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}")
        { DetailsName = name, DetailsGroup = group, DetailsKind = resource };

    /// <summary>The 422 with field causes: <c>Pod "x" is invalid: [a: ..., b: ...]</c>.</summary>
    public static StatusException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        // The message lists each distinct error once (upstream's aggregate); causes keep them all.
        var distinct = errors.Select(e => e.ToString()).Distinct().ToList();
        var aggregate = distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
        // Upstream names the kind with its group: `Deployment.apps "web" is invalid`, `Pod "p" is invalid`.
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return new StatusException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {aggregate}")
        {
            DetailsName = name,
            DetailsGroup = group,
            DetailsKind = kind,
            Causes = errors.Select(e => new StatusCause(e.Reason, e.CauseMessage, e.Field)).ToList(),
        };
    }

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static StatusException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static StatusException UnsupportedMediaType(string message) => new(415, "UnsupportedMediaType", message);

    public static StatusException Gone(string message) => new(410, "Expired", message);

    public static StatusException Timeout(string message, int retryAfterSeconds = 1) =>
        new(504, "Timeout", message) { RetryAfterSeconds = retryAfterSeconds };

    public static StatusException TooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static StatusException Forbidden(string message) => new(403, "Forbidden", message);

    public static StatusException Unauthorized(string message = "Unauthorized") => new(401, "Unauthorized", message);

    public static StatusException Internal(string message) => new(500, "InternalError", message);

    public static StatusException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);
}

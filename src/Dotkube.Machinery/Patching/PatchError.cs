using Dotkube.Machinery.Errors;

namespace Dotkube.Machinery.Patching;

/// <summary>
/// A strategic-merge failure and how kube-apiserver reports it: some are 400s, lists of lists a
/// generic 422, and the rest surface as 500s without a reason (they are not API errors upstream).
/// </summary>
internal sealed class PatchError : Exception
{
    private readonly int _code;

    private PatchError(int code, string message) : base(message) => _code = code;

    public static PatchError BadRequest(string message) => new(400, message);

    public static PatchError Unprocessable(string message) => new(422, message);

    public static PatchError Internal(string message) => new(500, message);

    public StatusException ToStatus() => _code switch
    {
        400 => StatusException.BadRequest(Message),
        422 => new StatusException(422, "Invalid", JsonPatch.FailedMessage, this),
        _ => new StatusException(500, "", Message),
    };
}

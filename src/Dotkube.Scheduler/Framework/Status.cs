namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A plugin's result. Reasons are kept separately (not joined) because the FailedScheduling message
/// counts each reason on its own: NodeResourcesFit may say "Insufficient cpu" and "Insufficient memory" at once.
/// </summary>
public sealed class Status
{
    public static Status Success { get; } = new(StatusCode.Success, []);

    public static Status SkipStatus { get; } = new(StatusCode.Skip, []);

    public Status(StatusCode code, IReadOnlyList<string> reasons, string? plugin = null)
    {
        Code = code;
        Reasons = reasons;
        Plugin = plugin;
    }

    public StatusCode Code { get; }

    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The plugin that produced this status, once the framework knows it.</summary>
    public string? Plugin { get; }

    public bool IsSuccess => Code == StatusCode.Success;

    public bool IsSkip => Code == StatusCode.Skip;

    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable or StatusCode.Pending;

    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    public static Status Error(string message) => new(StatusCode.Error, [message]);

    public static Status Wait(string? reason = null) => new(StatusCode.Wait, reason is null ? [] : [reason]);

    public Status WithPlugin(string plugin) => Plugin == plugin ? this : new Status(Code, Reasons, plugin);

    public override string ToString() => $"{Code}: {Message}";
}

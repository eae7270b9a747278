namespace Dotkube.Controllers.Job;

/// <summary>The Job API's well-known names (upstream's batch/v1 constants).</summary>
public static class JobNames
{
    public const string ApiVersion = "batch/v1";
    public const string Kind = "Job";

    /// <summary>On every pod the controller creates, removed once the pod's end is counted in the Job's status.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    /// <summary>The index of an Indexed Job's pod: an annotation and a label.</summary>
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";

    /// <summary>The environment variable an Indexed Job's containers read their index from.</summary>
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";

    /// <summary>spec.managedBy of Jobs this controller reconciles (others are left to their manager).</summary>
    public const string ControllerName = "kubernetes.io/job-controller";

    public const string Indexed = "Indexed";

    public const int DefaultBackoffLimit = 6;

    // Condition types.
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";
    public const string FailureTarget = "FailureTarget";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";

    // Reasons.
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string PodFailurePolicy = "PodFailurePolicy";
    public const string CompletionsReached = "CompletionsReached";

    public const string BackoffLimitMessage = "Job has reached the specified backoff limit";
    public const string DeadlineMessage = "Job was active longer than specified deadline";
    public const string CompletionsMessage = "Reached expected number of succeeded pods";
}

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

    /// <summary>On an Indexed Job's pod with backoffLimitPerIndex: the failures of its index before it.</summary>
    public const string IndexFailureCount = "batch.kubernetes.io/job-index-failure-count";

    /// <summary>Like <see cref="IndexFailureCount"/>, for failures a podFailurePolicy Ignore rule matched.</summary>
    public const string IndexIgnoredFailureCount = "batch.kubernetes.io/job-index-ignored-failure-count";

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
    public const string SuccessPolicy = "SuccessPolicy";
    public const string FailedIndexes = "FailedIndexes";
    public const string MaxFailedIndexesExceeded = "MaxFailedIndexesExceeded";

    public const string BackoffLimitMessage = "Job has reached the specified backoff limit";
    public const string DeadlineMessage = "Job was active longer than specified deadline";
    public const string CompletionsMessage = "Reached expected number of succeeded pods";
    public const string FailedIndexesMessage = "Job has failed indexes";
    public const string MaxFailedIndexesMessage = "Job has exceeded the specified maximal number of failed indexes";
}

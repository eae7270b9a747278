using Dotkube.Controllers.Job;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Job;

/// <summary>Jobs and their pods for tests, at a fixed time.</summary>
internal static class JobFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static V1Job NewJob(int? completions = 1, int parallelism = 1, int? backoffLimit = null, bool indexed = false,
        bool suspend = false, long? deadline = null, V1PodFailurePolicy? policy = null, V1JobStatus? status = null, string restartPolicy = "Never") => new()
        {
            Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "default", Uid = "job-uid" },
            Spec = new V1JobSpec
            {
                Completions = completions,
                Parallelism = parallelism,
                BackoffLimit = backoffLimit,
                CompletionMode = indexed ? "Indexed" : "NonIndexed",
                Suspend = suspend,
                ActiveDeadlineSeconds = deadline,
                PodFailurePolicy = policy,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["batch.kubernetes.io/job-name"] = "pi" } },
                    Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "main", Image = "busybox" }] },
                },
            },
            Status = status,
        };

    public static V1Pod Pod(string name, string phase = "Running", int? index = null, bool finalizer = true, int exitCode = 0,
        int finishedSecond = 0, bool ready = false, bool deleting = false, string? condition = null)
    {
        var terminated = phase is "Succeeded" or "Failed";
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                CreationTimestamp = T0.UtcDateTime,
                DeletionTimestamp = deleting ? T0.UtcDateTime : null,
                Finalizers = finalizer ? [JobNames.TrackingFinalizer] : null,
                Annotations = index is { } i ? new Dictionary<string, string> { [JobNames.CompletionIndex] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "pi", Uid = "job-uid", Controller = true }],
            },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "main", Image = "busybox" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [
                    new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" },
                    .. condition is null ? Array.Empty<V1PodCondition>() : [new V1PodCondition { Type = condition, Status = "True" }],
                ],
                ContainerStatuses = [new V1ContainerStatus
                {
                    Name = "main",
                    Image = "busybox",
                    ImageID = "",
                    State = terminated
                        ? new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, FinishedAt = T0.UtcDateTime.AddSeconds(finishedSecond) } }
                        : new V1ContainerState { Running = new V1ContainerStateRunning() },
                }],
            },
        };
    }
}

using System.Globalization;
using System.Text.Json;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;

namespace Dotkube.Controllers.Job;

/// <summary>
/// A new pod for a Job (upstream's GetPodFromTemplate plus the Job's additions): the template's
/// labels, annotations and spec, the Job as controller owner, the tracking finalizer, and for an
/// Indexed Job the completion index as annotation and label, the hostname NAME-INDEX and the
/// JOB_COMPLETION_INDEX variable read from that annotation through the downward API.
/// </summary>
public static class JobPodTemplate
{
    /// <param name="failureCounts">backoffLimitPerIndex: the failures of the index before this pod (annotations).</param>
    public static V1Pod For(V1Job job, int? index, (int Failures, int Ignored)? failureCounts = null)
    {
        var template = job.Spec.Template;
        var labels = template?.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var annotations = template?.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : [];
        var finalizers = template?.Metadata?.Finalizers?.ToList() ?? [];
        if (!finalizers.Contains(JobNames.TrackingFinalizer))
        {
            finalizers.Add(JobNames.TrackingFinalizer);
        }
        var spec = template?.Spec is { } s ? ObjectCopy.Of(s) : new V1PodSpec();
        var generateName = job.Metadata.Name + "-";
        if (index is { } i)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            annotations[JobNames.CompletionIndex] = text;
            labels[JobNames.CompletionIndex] = text;
            generateName = $"{job.Metadata.Name}-{text}-";
            if (string.IsNullOrEmpty(spec.Hostname))
            {
                spec.Hostname = $"{job.Metadata.Name}-{text}";
            }
            if (failureCounts is var (failures, ignored))
            {
                annotations[JobNames.IndexFailureCount] = failures.ToString(CultureInfo.InvariantCulture);
                if (ignored > 0)
                {
                    annotations[JobNames.IndexIgnoredFailureCount] = ignored.ToString(CultureInfo.InvariantCulture);
                }
            }
            foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
            {
                AddIndexEnv(container);
            }
        }
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = generateName,
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = labels.Count > 0 ? labels : null,
                Annotations = annotations.Count > 0 ? annotations : null,
                Finalizers = finalizers,
                OwnerReferences = [OwnerRefs.NewControllerRef(job.Metadata, JobNames.ApiVersion, JobNames.Kind)],
            },
            Spec = spec,
        };
    }

    private static void AddIndexEnv(V1Container container)
    {
        var env = container.Env?.ToList() ?? [];
        if (env.Any(e => e.Name == JobNames.CompletionIndexEnv))
        {
            return;
        }
        env.Add(new V1EnvVar
        {
            Name = JobNames.CompletionIndexEnv,
            ValueFrom = new V1EnvVarSource
            {
                FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{JobNames.CompletionIndex}']" },
            },
        });
        container.Env = env;
    }

}

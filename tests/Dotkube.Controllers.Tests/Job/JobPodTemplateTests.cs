using Dotkube.Controllers.Job;
using static Dotkube.Controllers.Tests.Job.JobFixtures;

namespace Dotkube.Controllers.Tests.Job;

public class JobPodTemplateTests
{
    [Fact]
    public void A_pod_is_owned_by_its_job_and_carries_the_tracking_finalizer()
    {
        var pod = JobPodTemplate.For(NewJob(), null);
        Assert.Equal("pi-", pod.Metadata.GenerateName);
        Assert.Contains(JobNames.TrackingFinalizer, pod.Metadata.Finalizers);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("Job", "job-uid", true), (owner.Kind, owner.Uid, owner.Controller == true));
        Assert.Equal("pi", pod.Metadata.Labels["batch.kubernetes.io/job-name"]);
        Assert.Null(pod.Spec.Hostname);
    }

    [Fact]
    public void An_indexed_pod_has_its_index_as_annotation_label_hostname_and_environment()
    {
        var pod = JobPodTemplate.For(NewJob(indexed: true), 2);
        Assert.Equal("pi-2-", pod.Metadata.GenerateName);
        Assert.Equal("2", pod.Metadata.Annotations[JobNames.CompletionIndex]);
        Assert.Equal("2", pod.Metadata.Labels[JobNames.CompletionIndex]);
        Assert.Equal("pi-2", pod.Spec.Hostname);
        var env = Assert.Single(pod.Spec.Containers[0].Env);
        Assert.Equal("JOB_COMPLETION_INDEX", env.Name);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env.ValueFrom.FieldRef.FieldPath);
    }
}

using Dotkube.E2E.Harness;
using k8s;
using k8s.Models;
using static Dotkube.E2E.Client.ClientTestHelpers;

namespace Dotkube.E2E.Client;

/// <summary>One HPA, two API versions: autoscaling/v2 is stored, autoscaling/v1 is a view of the same object.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class HorizontalPodAutoscalerTests(SharedServerFixture fixture)
{
    private readonly Kubernetes _client = fixture.Server.Client();

    private static V2HorizontalPodAutoscaler V2(string name, params V2MetricSpec[] metrics) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = 2,
            MaxReplicas = 10,
            Metrics = metrics,
        },
    };

    private static V2MetricSpec Cpu(int percent) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };

    private static V2MetricSpec Memory(string average) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = "memory", Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(average) } },
    };

    [Fact]
    public async Task An_hpa_created_as_v2_reads_as_v1_with_the_cpu_target_and_other_metrics_in_an_annotation()
    {
        var ns = await CreateNamespaceAsync(_client, "hpa-v2");
        var created = await _client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(V2("web", Cpu(50), Memory("100Mi")), ns);

        var v1 = await _client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);

        Assert.Equal("autoscaling/v1", v1.ApiVersion);
        Assert.Equal("HorizontalPodAutoscaler", v1.Kind);
        Assert.Equal(created.Metadata.Uid, v1.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, v1.Metadata.ResourceVersion);
        Assert.Equal(50, v1.Spec.TargetCPUUtilizationPercentage);
        Assert.Equal(2, v1.Spec.MinReplicas);
        Assert.Equal(10, v1.Spec.MaxReplicas);
        Assert.Equal("Deployment", v1.Spec.ScaleTargetRef.Kind);
        Assert.Equal("web", v1.Spec.ScaleTargetRef.Name);
        Assert.Contains("memory", v1.Metadata.Annotations["autoscaling.alpha.kubernetes.io/metrics"]);

        var v1List = await _client.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerAsync(ns);
        Assert.Equal(["web"], v1List.Items.Select(h => h.Metadata.Name));
        Assert.Equal(50, v1List.Items[0].Spec.TargetCPUUtilizationPercentage);

        // The v2 view is unchanged by having been read as v1, and carries no conversion annotations.
        var v2 = await _client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);
        Assert.Equal(["cpu", "memory"], v2.Spec.Metrics.Select(m => m.Resource.Name));
        Assert.True(v2.Metadata.Annotations is null || !v2.Metadata.Annotations.Keys.Any(k => k.StartsWith("autoscaling.alpha.kubernetes.io/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_update_through_v1_keeps_the_v2_only_metrics()
    {
        var ns = await CreateNamespaceAsync(_client, "hpa-v1-update");
        await _client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(V2("web", Cpu(50), Memory("100Mi")), ns);

        var v1 = await _client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);
        v1.Spec.TargetCPUUtilizationPercentage = 70;
        v1.Spec.MaxReplicas = 20;
        await _client.AutoscalingV1.ReplaceNamespacedHorizontalPodAutoscalerAsync(v1, "web", ns);

        var v2 = await _client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);
        Assert.Equal(20, v2.Spec.MaxReplicas);
        Assert.Equal(70, v2.Spec.Metrics.Single(m => m.Resource.Name == "cpu").Resource.Target.AverageUtilization);
        Assert.Equal(new ResourceQuantity("100Mi"), v2.Spec.Metrics.Single(m => m.Resource.Name == "memory").Resource.Target.AverageValue);
    }

    [Fact]
    public async Task An_hpa_created_as_v1_reads_as_v2_with_a_cpu_utilization_metric()
    {
        var ns = await CreateNamespaceAsync(_client, "hpa-v1");
        await _client.AutoscalingV1.CreateNamespacedHorizontalPodAutoscalerAsync(new V1HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v1",
            Kind = "HorizontalPodAutoscaler",
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V1CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MaxReplicas = 4,
                TargetCPUUtilizationPercentage = 65,
            },
        }, ns);

        var v2 = await _client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", ns);

        Assert.Equal("autoscaling/v2", v2.ApiVersion);
        Assert.Equal(1, v2.Spec.MinReplicas);
        var metric = Assert.Single(v2.Spec.Metrics);
        Assert.Equal("Resource", metric.Type);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.Equal(65, metric.Resource.Target.AverageUtilization);
    }
}

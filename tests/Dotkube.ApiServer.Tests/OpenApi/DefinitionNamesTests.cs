using Dotkube.ApiServer.OpenApi;
using k8s.Models;

namespace Dotkube.ApiServer.Tests.OpenApi;

public class DefinitionNamesTests
{
    public static TheoryData<Type, string> Names => new()
    {
        { typeof(V1Pod), "io.k8s.api.core.v1.Pod" },
        { typeof(V1PodSpec), "io.k8s.api.core.v1.PodSpec" },
        { typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec" },
        { typeof(V1Container), "io.k8s.api.core.v1.Container" },
        { typeof(V1Deployment), "io.k8s.api.apps.v1.Deployment" },
        { typeof(V1DeploymentSpec), "io.k8s.api.apps.v1.DeploymentSpec" },
        { typeof(V1RollingUpdateDeployment), "io.k8s.api.apps.v1.RollingUpdateDeployment" },
        { typeof(V1JobTemplateSpec), "io.k8s.api.batch.v1.JobTemplateSpec" },
        { typeof(V1ObjectMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
        { typeof(V1LabelSelector), "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
        { typeof(V1Condition), "io.k8s.apimachinery.pkg.apis.meta.v1.Condition" },
        { typeof(V1Status), "io.k8s.apimachinery.pkg.apis.meta.v1.Status" },
        { typeof(ResourceQuantity), "io.k8s.apimachinery.pkg.api.resource.Quantity" },
        { typeof(IntOrString), "io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
        { typeof(Corev1EndpointPort), "io.k8s.api.core.v1.EndpointPort" },
        { typeof(Discoveryv1EndpointPort), "io.k8s.api.discovery.v1.EndpointPort" },
        { typeof(Rbacv1Subject), "io.k8s.api.rbac.v1.Subject" },
        { typeof(V1PolicyRule), "io.k8s.api.rbac.v1.PolicyRule" },
        { typeof(V1ClusterRole), "io.k8s.api.rbac.v1.ClusterRole" },
        { typeof(V1CustomResourceDefinition), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition" },
        { typeof(V1JSONSchemaProps), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" },
        { typeof(V1APIService), "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService" },
        { typeof(V2HorizontalPodAutoscaler), "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler" },
        { typeof(V2MetricSpec), "io.k8s.api.autoscaling.v2.MetricSpec" },
        { typeof(V1Scale), "io.k8s.api.autoscaling.v1.Scale" },
        { typeof(V1TopologySelectorTerm), "io.k8s.api.core.v1.TopologySelectorTerm" },
        { typeof(V1StorageClass), "io.k8s.api.storage.v1.StorageClass" },
        { typeof(V1NetworkPolicyPeer), "io.k8s.api.networking.v1.NetworkPolicyPeer" },
        { typeof(V1FlowSchema), "io.k8s.api.flowcontrol.v1.FlowSchema" },
        { typeof(V1EventSource), "io.k8s.api.core.v1.EventSource" },
        { typeof(Eventsv1Event), "io.k8s.api.events.v1.Event" },
        { typeof(Corev1Event), "io.k8s.api.core.v1.Event" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ModelClassesGetUpstreamsDefinitionNames(Type model, string expected) => Assert.Equal(expected, DefinitionNames.Of(model));

    [Fact]
    public void TheModelOfANameIsKnownOnceTheNameWasHandedOut()
    {
        var name = DefinitionNames.Of(typeof(V1PodDNSConfig));
        Assert.Equal(typeof(V1PodDNSConfig), DefinitionNames.TypeOf(name));
    }

    [Theory]
    [InlineData("", "Core")]
    [InlineData("apps", "Apps")]
    [InlineData("rbac.authorization.k8s.io", "RbacAuthorization")]
    [InlineData("flowcontrol.apiserver.k8s.io", "FlowcontrolApiserver")]
    [InlineData("stable.example.com", "StableExampleCom")]
    public void OperationIdsNameTheGroupInPascalCase(string group, string expected) => Assert.Equal(expected, OperationNames.GroupPart(group));

    [Theory]
    [InlineData("", "v1", "core_v1")]
    [InlineData("rbac.authorization.k8s.io", "v1", "rbacAuthorization_v1")]
    [InlineData("autoscaling", "v2", "autoscaling_v2")]
    public void TagsNameTheGroupVersion(string group, string version, string expected) => Assert.Equal(expected, OperationNames.Tag(group, version));

    [Theory]
    [InlineData("Pod", "a ")]
    [InlineData("Event", "an ")]
    [InlineData("Ingress", "an ")]
    [InlineData("Endpoints", "")]
    [InlineData("StorageClass", "a ")]
    public void DescriptionsUseUpstreamsArticles(string kind, string article) => Assert.Equal(article, OperationNames.Article(kind));
}

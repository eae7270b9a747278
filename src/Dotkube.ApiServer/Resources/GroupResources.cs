using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.AdmissionRegistration;
using Dotkube.ApiServer.Resources.ApiExtensions;
using Dotkube.ApiServer.Resources.ApiRegistration;
using Dotkube.ApiServer.Resources.Apps;
using Dotkube.ApiServer.Resources.Authentication;
using Dotkube.ApiServer.Resources.Autoscaling;
using Dotkube.ApiServer.Resources.Batch;
using Dotkube.ApiServer.Resources.Certificates;
using Dotkube.ApiServer.Resources.Coordination;
using Dotkube.ApiServer.Resources.Discovery;
using Dotkube.ApiServer.Resources.Events;
using Dotkube.ApiServer.Resources.FlowControl;
using Dotkube.ApiServer.Resources.Networking;
using Dotkube.ApiServer.Resources.Node;
using Dotkube.ApiServer.Resources.Policy;
using Dotkube.ApiServer.Resources.Rbac;
using Dotkube.ApiServer.Resources.Scheduling;
using Dotkube.ApiServer.Resources.Storage;

namespace Dotkube.ApiServer.Resources;

/// <summary>Every built-in resource outside the core group, ready to register with the generic store.</summary>
public static class GroupResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        // Groups in kube-apiserver's discovery order (its group priorities), resources within a
        // group in any order (discovery sorts them by name).
        ApiServiceResource.Definition,
        DeploymentResource.Definition,
        ReplicaSetResource.Definition,
        StatefulSetResource.Definition,
        DaemonSetResource.Definition,
        ControllerRevisionResource.Definition,
        EventResource.Definition,
        AuthenticationResources.TokenReviews,
        AuthenticationResources.SelfSubjectReviews,
        HorizontalPodAutoscalerResource.Definition,
        JobResource.Definition,
        CronJobResource.Definition,
        CertificateSigningRequestResource.Definition,
        NetworkPolicyResource.Definition,
        IngressResource.Definition,
        IngressClassResource.Definition,
        PodDisruptionBudgetResource.Definition,
        RbacResources.Roles,
        RbacResources.RoleBindings,
        RbacResources.ClusterRoles,
        RbacResources.ClusterRoleBindings,
        StorageClassResource.Definition,
        CsiResources.CsiDrivers,
        CsiResources.CsiNodes,
        CsiResources.VolumeAttachments,
        CsiResources.CsiStorageCapacities,
        WebhookConfigurationResources.Mutating,
        ValidatingAdmissionPolicyResources.Policies,
        ValidatingAdmissionPolicyResources.Bindings,
        WebhookConfigurationResources.Validating,
        CustomResourceDefinitionResource.Definition,
        PriorityClassResource.Definition,
        LeaseResource.Definition,
        RuntimeClassResource.Definition,
        EndpointSliceResource.Definition,
        FlowControlResources.FlowSchemas,
        FlowControlResources.PriorityLevelConfigurations,
    ];
}

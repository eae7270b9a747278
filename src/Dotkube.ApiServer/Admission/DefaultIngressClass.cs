using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultIngressClass: a new Ingress that names no class (neither
/// spec.ingressClassName nor the <c>kubernetes.io/ingress.class</c> annotation) gets the default
/// IngressClass, annotated <c>ingressclass.kubernetes.io/is-default-class: "true"</c>; with
/// several, the newest.
/// </summary>
public sealed class DefaultIngressClass(IAdmissionObjects objects) : IMutatingAdmissionPlugin
{
    public string Name => "DefaultIngressClass";

    public const string IsDefaultAnnotation = "ingressclass.kubernetes.io/is-default-class";
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Plural != "ingresses" || a.Resource.Group is not ("networking.k8s.io" or "extensions")
            || a.Subresource.Length > 0 || a.Object is not { } ingress)
        {
            return;
        }
        var spec = ingress.EnsureObj("spec");
        if (spec["ingressClassName"] is not null || ingress.Obj("metadata").Obj("annotations")?.ContainsKey(ClassAnnotation) == true)
        {
            return;
        }
        var classes = await objects.ListAsync("networking.k8s.io", "ingressclasses", "", cancellationToken);
        if (DefaultStorageClass.Newest(classes, IsDefaultAnnotation) is { } chosen)
        {
            spec["ingressClassName"] = chosen.Name();
        }
    }
}

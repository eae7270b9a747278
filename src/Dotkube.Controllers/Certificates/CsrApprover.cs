using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// Upstream's sarApprover.handle: an undecided request that one of the recognizers accepts is
/// checked with a SubjectAccessReview for its requester (spec.username, uid, groups, extra) and
/// approved with reason AutoApproved when allowed; otherwise it is left for someone else.
/// </summary>
public sealed class CsrApprover(KubeApiClient client, IObjectCache<V1CertificateSigningRequest> csrs, TimeProvider clock, ILogger logger) : IReconciler
{
    /// <summary>One kind of request this controller can approve: how to recognize it, the permission it takes, the condition's message.</summary>
    public sealed record Recognizer(string Subresource, Func<V1CertificateSigningRequest, ParsedCsr, bool> Recognize, string Message);

    /// <summary>In upstream's order: a node's own renewal first, then a new node's request.</summary>
    public static readonly IReadOnlyList<Recognizer> Recognizers =
    [
        new("selfnodeclient", IsSelfNodeClient, "Auto approving self kubelet client certificate after SubjectAccessReview."),
        new("nodeclient", IsNodeClient, "Auto approving kubelet client certificate after SubjectAccessReview."),
    ];

    // Named explicitly: the KubernetesClient model carries no plural for review kinds.
    private static readonly ResourceType SubjectAccessReviews = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false);

    /// <summary>Neither approved nor denied nor issued: only such requests are considered.</summary>
    public static bool IsUndecided(V1CertificateSigningRequest csr) =>
        !CsrConditions.IsIssued(csr)
        && CsrConditions.Find(csr, CsrConditions.Approved) is null
        && CsrConditions.Find(csr, CsrConditions.Denied) is null;

    public static bool IsNodeClient(V1CertificateSigningRequest csr, ParsedCsr request) =>
        csr.Spec.SignerName == CsrSigner.KubeletClientSigner && KubeletCsrRules.ValidateClient(request, csr.Spec.Usages ?? []) is null;

    public static bool IsSelfNodeClient(V1CertificateSigningRequest csr, ParsedCsr request) =>
        csr.Spec.Username == request.CommonName && IsNodeClient(csr, request);

    /// <summary>The SubjectAccessReview that decides whether the requester may have the request approved this way.</summary>
    public static V1SubjectAccessReview Review(V1CertificateSigningRequest csr, string subresource) => new()
    {
        ApiVersion = "authorization.k8s.io/v1",
        Kind = "SubjectAccessReview",
        Spec = new V1SubjectAccessReviewSpec
        {
            User = csr.Spec.Username,
            Uid = csr.Spec.Uid,
            Groups = csr.Spec.Groups,
            Extra = csr.Spec.Extra,
            ResourceAttributes = new V1ResourceAttributes
            {
                Group = "certificates.k8s.io",
                Resource = "certificatesigningrequests",
                Verb = "create",
                Subresource = subresource,
            },
        },
    };

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (csrs.Get(null, key.Name) is not { } cached || !IsUndecided(cached))
        {
            return ReconcileResult.Done;
        }
        var (request, error) = ParsedCsr.Parse(cached.Spec?.Request);
        if (request is null)
        {
            // Upstream returns this as an error and retries; nothing will change the spec, so say it once.
            logger.LogInformation("unable to parse csr \"{Name}\": {Error}", key.Name, error);
            return ReconcileResult.Done;
        }
        var tried = new List<string>();
        foreach (var recognizer in Recognizers)
        {
            if (!recognizer.Recognize(cached, request))
            {
                continue;
            }
            tried.Add(recognizer.Subresource);
            var review = await client.CreateAsync(SubjectAccessReviews, null, Review(cached, recognizer.Subresource), cancellationToken: cancellationToken);
            if (review.Status?.Allowed != true)
            {
                continue;
            }
            var csr = ObjectCopy.Of(cached);
            csr.Status ??= new V1CertificateSigningRequestStatus();
            csr.Status.Conditions ??= [];
            var now = MetaTime.From(clock.GetUtcNow());
            csr.Status.Conditions.Add(new V1CertificateSigningRequestCondition
            {
                Type = CsrConditions.Approved,
                Status = "True",
                Reason = "AutoApproved",
                Message = recognizer.Message,
                LastUpdateTime = now,
                LastTransitionTime = now,
            });
            try
            {
                await client.ReplaceAsync(ResourceType.For<V1CertificateSigningRequest>(), csr, "approval", cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return ReconcileResult.Done;
            }
            logger.LogInformation("approved certificate signing request {Name} ({Subresource})", key.Name, recognizer.Subresource);
            return ReconcileResult.Done;
        }
        if (tried.Count > 0)
        {
            // Upstream's IgnorableError: logged quietly and retried with backoff, so a binding
            // created later (e.g. for a new bootstrap group) still gets the request approved.
            logger.LogDebug("recognized csr \"{Name}\" as [{Tried}] but subject access review was not approved", key.Name, string.Join(' ', tried));
            return ReconcileResult.RequeueWithBackoff;
        }
        return ReconcileResult.Done;
    }
}

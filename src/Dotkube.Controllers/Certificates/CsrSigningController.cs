using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;
using System.Text;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// kube-controller-manager's "csrsigning" controller for the four kubernetes.io signers: an approved request
/// gets its certificate in status.certificate (a /status write the API server checks against the
/// <c>sign</c> verb on the signer); one it cannot honour gets a Failed condition.
/// </summary>
public sealed class CsrSigningController(CsrSigningOptions options) : IController
{
    public string Name => "csrsigning";

    public string ServiceAccount => "certificate-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.csrsigning");
        if (options.Authority is null && options.SignerAuthorities.Count == 0)
        {
            logger.LogWarning("csrsigning: no signing CA configured; approved requests stay unsigned");
            return;
        }
        var signer = new CsrSigner(options);
        var csrs = context.Informers.Get<V1CertificateSigningRequest>();
        var reconciler = new CsrSigningReconciler(context.Client, csrs.Cache, signer, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var handler = csrs.AddHandler(EnqueueHandlers.ForMapped<V1CertificateSigningRequest>(runner.Queue,
            c => CsrSigner.IsPending(c) && signer.CanSign(c) ? new ObjectKey("", c.Metadata.Name) : null));
        await csrs.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }
}

/// <summary>Signs one request, or marks it Failed (upstream's signer.handle).</summary>
public sealed class CsrSigningReconciler(
    KubeApiClient client, IObjectCache<V1CertificateSigningRequest> csrs, CsrSigner signer, TimeProvider clock, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (csrs.Get(null, key.Name) is not { } cached || !CsrSigner.IsPending(cached) || !signer.CanSign(cached))
        {
            return ReconcileResult.Done;
        }
        var now = clock.GetUtcNow();
        var (certificate, failure) = signer.Sign(cached, now);
        var csr = ObjectCopy.Of(cached);
        csr.Status ??= new V1CertificateSigningRequestStatus();
        if (certificate is not null)
        {
            csr.Status.Certificate = Encoding.ASCII.GetBytes(certificate);
        }
        else
        {
            csr.Status.Conditions ??= [];
            csr.Status.Conditions.Add(new V1CertificateSigningRequestCondition
            {
                Type = CsrConditions.Failed,
                Status = "True",
                Reason = "SignerValidationFailure",
                Message = failure,
                LastUpdateTime = MetaTime.From(now),
            });
        }
        try
        {
            await client.UpdateStatusAsync(ResourceType.For<V1CertificateSigningRequest>(), csr, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ReconcileResult.Done;
        }
        if (certificate is not null)
        {
            logger.LogInformation("signed certificate signing request {Name}", key.Name);
        }
        else
        {
            logger.LogInformation("certificate signing request {Name} failed: {Reason}", key.Name, failure);
        }
        return ReconcileResult.Done;
    }
}

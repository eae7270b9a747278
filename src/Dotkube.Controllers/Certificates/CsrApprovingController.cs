using Dotkube.Client;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Certificates;

/// <summary>
/// kube-controller-manager's "csrapproving" controller: approves kubelet client certificate
/// requests whose requester may create <c>certificatesigningrequests/nodeclient</c> (a new node,
/// e.g. a bootstrap token bound to the nodeclient role) or <c>certificatesigningrequests/selfnodeclient</c>
/// (a node renewing its own certificate), as a SubjectAccessReview decides.
/// </summary>
public sealed class CsrApprovingController : IController
{
    public string Name => "csrapproving";

    public string ServiceAccount => "certificate-controller";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.csrapproving");
        var csrs = context.Informers.Get<V1CertificateSigningRequest>();
        var reconciler = new CsrApprover(context.Client, csrs.Cache, context.Clock, logger);
        using var runner = new ReconcileRunner(Name, reconciler, null, logger, context.Clock);
        using var handler = csrs.AddHandler(EnqueueHandlers.ForMapped<V1CertificateSigningRequest>(runner.Queue,
            c => CsrApprover.IsUndecided(c) ? new ObjectKey("", c.Metadata.Name) : null));
        await csrs.WaitForSyncAsync(cancellationToken);
        await runner.RunAsync(cancellationToken);
    }
}

namespace Dotkube.Controllers;

/// <summary>
/// One controller of the controller manager (kube-controller-manager's unit): it watches what it
/// needs through the shared informers, and writes through its own client, authenticated as its
/// own service account (<c>system:serviceaccount:kube-system:NAME-controller</c>, as upstream with
/// --use-service-account-credentials).
/// </summary>
public interface IController
{
    /// <summary>The name <c>--controllers</c> uses (upstream's: deployment, replicaset, garbage-collector, …).</summary>
    string Name { get; }

    /// <summary>The service account it runs as in kube-system (upstream's, e.g. deployment-controller).</summary>
    string ServiceAccount { get; }

    /// <summary>Whether '*' in <c>--controllers</c> includes it (upstream has a few off by default).</summary>
    bool EnabledByDefault => true;

    /// <summary>
    /// Whether it writes with the manager's own credentials instead of its service account's
    /// (upstream's serviceaccount-token controller: service account credentials depend on it).
    /// </summary>
    bool UsesManagerCredentials => false;

    /// <summary>Runs until cancelled; informers asked for here start with the factory.</summary>
    Task RunAsync(ControllerContext context, CancellationToken cancellationToken);
}

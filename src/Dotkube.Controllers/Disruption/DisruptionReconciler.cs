using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Events;
using Dotkube.Client.Reconciling;
using Dotkube.Client.Serialization;
using Dotkube.Controllers.Common;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.Disruption;

/// <summary>
/// Keeps one PodDisruptionBudget's status current (upstream's disruption controller trySync and
/// failSafe): the pods it selects, the replicas their controllers want, how many are healthy, how
/// many may be disrupted, and the DisruptionAllowed condition the eviction API relies on.
/// </summary>
public sealed class DisruptionReconciler(
    KubeApiClient client,
    IObjectCache<V1PodDisruptionBudget> budgets,
    IObjectCache<V1Pod> pods,
    ScaleFinder scales,
    EventRecorder events,
    TimeProvider clock) : IReconciler
{
    public static readonly ResourceType PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pdb = budgets.Get(key.Namespace, key.Name);
        if (pdb is null || pdb.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var selector = Selectors.From(pdb.Spec?.Selector);
        var selected = pods.List(key.Namespace).Where(p => Selectors.Matches(selector, p.Metadata)).ToList();
        if (selected.Count == 0)
        {
            events.Event(pdb, "Normal", "NoPods", "No matching pods found", PodDisruptionBudgets);
        }
        var now = clock.GetUtcNow();
        BudgetNumbers numbers;
        try
        {
            // Scales are found first (a custom resource's through the API), then the arithmetic.
            var found = UsesScale(pdb) ? await scales.FindAllAsync(selected, cancellationToken) : new Dictionary<string, ControllerScale?>();
            numbers = BudgetMath.Compute(pdb, selected, (_, owner) => found.GetValueOrDefault(owner.Uid), now);
        }
        catch (InvalidOperationException e)
        {
            events.Event(pdb, "Warning", "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {e.Message}", PodDisruptionBudgets);
            await WriteAsync(pdb, BudgetStatus.FailSafe(pdb, e.Message, now), cancellationToken);
            throw;
        }
        if (numbers.UnmanagedPods.Count > 0)
        {
            events.Event(pdb, "Warning", "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                PodDisruptionBudgets);
        }
        if (BudgetStatus.Build(pdb, numbers, now) is { } status)
        {
            await WriteAsync(pdb, status, cancellationToken);
        }
        return numbers.Recheck is { } recheck ? ReconcileResult.After(recheck - now + TimeSpan.FromMilliseconds(100)) : ReconcileResult.Done;
    }

    /// <summary>Whether the budget needs its pods' controllers' scale: maxUnavailable, or a percentage minAvailable.</summary>
    private static bool UsesScale(V1PodDisruptionBudget pdb) =>
        pdb.Spec?.MaxUnavailable is not null || pdb.Spec?.MinAvailable?.Value?.EndsWith('%') == true;

    private async Task WriteAsync(V1PodDisruptionBudget pdb, V1PodDisruptionBudgetStatus status, CancellationToken ct)
    {
        var copy = ObjectCopy.Of(pdb);
        copy.Status = status;
        try
        {
            await client.Resource<V1PodDisruptionBudget>(PodDisruptionBudgets).UpdateStatusAsync(copy, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted meanwhile.
        }
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Controllers;
using Dotkube.ApiServer.CustomResources;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// Keeps every APIService's Available condition current (Local ones True at once, the others by
/// <see cref="AvailabilityCheck"/>), and the request path's <see cref="ApiServiceTable"/> in step
/// with the stored APIServices. Wakes on any change to APIServices, Services or Endpoints, and
/// every 30 seconds.
/// </summary>
public sealed class AvailabilityController(
    GenericStore apiServices,
    IReadOnlyList<GenericStore> dependencies,
    ApiServiceTable table,
    AvailabilityCheck check,
    TimeProvider clock,
    ILogger logger)
{
    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("apiservice-availability", [apiServices, .. dependencies], ReconcileAllAsync, logger, ct);

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var items = (await apiServices.ListAsync("", new ListQuery(), ct)).Items;
        var views = items.Select(ApiServiceView.From).ToList();
        // Routing learns about new APIServices at once; availability follows the checks below.
        table.SetApiServices(views, items.Where(IsAvailable).Select(o => o.Name()));
        var results = await Task.WhenAll(views.Select(v => v.IsLocal ? Task.FromResult(Availability.Local) : check.CheckAsync(v, ct)));
        for (var i = 0; i < items.Count; i++)
        {
            await WriteConditionAsync(items[i], results[i], ct);
        }
        var available = views.Where((_, i) => results[i].Available).Select(v => v.Name);
        table.SetApiServices(views, available);
    }

    private static bool IsAvailable(JsonObject apiService) => CrdConditions.IsTrue(apiService, "Available");

    private async Task WriteConditionAsync(JsonObject apiService, Availability result, CancellationToken ct)
    {
        var current = apiService.Obj("status").Arr("conditions").Objects().FirstOrDefault(c => c.Str("type") == "Available");
        var status = result.Available ? "True" : "False";
        if (current is not null && current.Str("status") == status && current.Str("reason") == result.Reason && current.Str("message") == result.Message)
        {
            return;
        }
        if (!result.Available)
        {
            logger.LogInformation("APIService {Name} is not available: {Reason}: {Message}", apiService.Name(), result.Reason, result.Message);
        }
        var now = ObjectJson.Timestamp(clock.GetUtcNow());
        try
        {
            await apiServices.UpdateAsync("", apiService.Name(), obj =>
            {
                var s = obj.EnsureObj("status");
                CrdConditions.Set(s, "Available", status, result.Reason, result.Message, now);
                ObjectJson.Metadata(obj).Remove("resourceVersion");
                return obj;
            }, UpdateTarget.Status, WriteOptions.Internal, ct);
        }
        catch (StatusException e) when (e.Reason is "NotFound")
        {
            // Deleted while being checked; nothing to report.
        }
    }
}

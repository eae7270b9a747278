using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// The READY, STATUS and RESTARTS cells of <c>kubectl get pods</c>, computed as upstream's printer
/// does: init progress (Init:0/1), container waiting/terminated reasons (CrashLoopBackOff,
/// Completed), Terminating while a deletion is pending, sidecars counted as containers.
/// </summary>
public sealed record PodSummary(int Ready, int Total, string Status, int Restarts, DateTimeOffset? LastRestart)
{
    public string ReadyCell => $"{Ready}/{Total}";

    public string RestartsCell(DateTimeOffset now) =>
        Restarts != 0 && LastRestart is { } last ? $"{Restarts} ({HumanDuration.Format(now - last)} ago)" : Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static PodSummary Of(JsonObject pod)
    {
        var spec = pod.Obj("spec");
        var status = pod.Obj("status");
        var phase = status.StrOrEmpty("phase");
        var reason = status.Str("reason") is { Length: > 0 } r ? r : phase;
        var conditions = status.Arr("conditions").Objects().ToList();
        if (conditions.Any(c => c.Str("type") == "PodScheduled" && c.Str("reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initSpecs = spec.Arr("initContainers").Objects().ToList();
        var sidecars = new HashSet<string>(initSpecs.Where(c => c.Str("restartPolicy") == "Always").Select(c => c.StrOrEmpty("name")), StringComparer.Ordinal);
        var total = spec.Arr("containers").Objects().Count() + sidecars.Count;
        var ready = 0;
        var restarts = 0;
        var sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = status.Arr("initContainerStatuses").Objects().ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var cs = initStatuses[i];
            var count = (int)(cs.Int("restartCount") ?? 0);
            var finished = LastTermination(cs);
            restarts += count;
            lastRestart = Later(lastRestart, finished);
            var isSidecar = sidecars.Contains(cs.StrOrEmpty("name"));
            if (isSidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }
            var state = cs.Obj("state");
            var terminated = state.Obj("terminated");
            var waiting = state.Obj("waiting");
            if (terminated is not null && (terminated.Int("exitCode") ?? 0) == 0)
            {
                continue;
            }
            if (isSidecar && cs.Bool("started") == true)
            {
                if (cs.Bool("ready") == true)
                {
                    ready++;
                }
                continue;
            }
            if (terminated is not null)
            {
                reason = terminated.Str("reason") is { Length: > 0 } tr
                    ? "Init:" + tr
                    : (terminated.Int("signal") ?? 0) != 0 ? $"Init:Signal:{terminated.Int("signal")}" : $"Init:ExitCode:{terminated.Int("exitCode") ?? 0}";
            }
            else if (waiting.Str("reason") is { Length: > 0 } wr && wr != "PodInitializing")
            {
                reason = "Init:" + wr;
            }
            else
            {
                reason = $"Init:{i}/{initSpecs.Count}";
            }
            initializing = true;
            break;
        }

        if (!initializing || conditions.Any(c => c.Str("type") == "Initialized" && c.Str("status") == "True"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.Arr("containerStatuses").Objects().ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var cs = statuses[i];
                restarts += (int)(cs.Int("restartCount") ?? 0);
                lastRestart = Later(lastRestart, LastTermination(cs));
                var state = cs.Obj("state");
                var terminated = state.Obj("terminated");
                if (state.Obj("waiting").Str("reason") is { Length: > 0 } wr)
                {
                    reason = wr;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Str("reason") is { Length: > 0 } tr
                        ? tr
                        : (terminated.Int("signal") ?? 0) != 0 ? $"Signal:{terminated.Int("signal")}" : $"ExitCode:{terminated.Int("exitCode") ?? 0}";
                }
                else if (cs.Bool("ready") == true && state.Obj("running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            // A pod whose last container completed but another still runs is shown as running.
            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") ? "Running" : "NotReady";
            }
        }

        if (TableFormat.IsDeleting(pod))
        {
            if (status.Str("reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }
        return new PodSummary(ready, total, reason, restarts, lastRestart);
    }

    private static DateTimeOffset? LastTermination(JsonObject containerStatus) =>
        TableFormat.TryParseTime(containerStatus.Obj("lastState").Obj("terminated").Str("finishedAt"), out var t) ? t : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);
}

/// <summary>The pod table's columns.</summary>
internal static class PodTable
{
    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        TableColumn.NameColumn,
        new("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0, (o, _) => PodSummary.Of(o).ReadyCell),
        new("Status", "string", "", "The aggregate status of the containers in this pod.", 0, (o, _) => PodSummary.Of(o).Status),
        new("Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", 0,
            (o, now) => PodSummary.Of(o).RestartsCell(now)),
        TableColumn.AgeColumn,
        new("IP", "string", "", ColumnDocs.PodIP, 1, (o, _) => NoneIfEmpty(PodIP(o))),
        new("Node", "string", "", ColumnDocs.NodeName, 1, (o, _) => NoneIfEmpty(o.Obj("spec").Str("nodeName"))),
        new("Nominated Node", "string", "", ColumnDocs.NominatedNodeName, 1, (o, _) => NoneIfEmpty(o.Obj("status").Str("nominatedNodeName"))),
        new("Readiness Gates", "string", "", ColumnDocs.ReadinessGates, 1, (o, _) => ReadinessGates(o)),
    ];

    /// <summary>The pod's primary IP: the first of status.podIPs, else status.podIP.</summary>
    public static string PodIP(JsonObject pod)
    {
        var status = pod.Obj("status");
        return status.Arr("podIPs").Objects().FirstOrDefault()?.Str("ip") ?? status.StrOrEmpty("podIP");
    }

    private static string NoneIfEmpty(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = pod.Obj("spec").Arr("readinessGates").Objects().ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }
        var conditions = pod.Obj("status").Arr("conditions").Objects().ToList();
        var met = gates.Count(g => conditions.FirstOrDefault(c => c.Str("type") == g.Str("conditionType"))?.Str("status") == "True");
        return $"{met}/{gates.Count}";
    }
}

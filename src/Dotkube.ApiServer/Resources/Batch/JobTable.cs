using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Batch;

/// <summary>The computed cells of <c>kubectl get jobs</c> (upstream printJob).</summary>
public static class JobTable
{
    /// <summary>Whether the first condition of this type is True (upstream hasJobCondition).</summary>
    public static bool HasCondition(JsonObject job, string type)
    {
        var condition = job.Obj("status").Arr("conditions").Objects().FirstOrDefault(c => c.Str("type") == type);
        return condition?.Str("status") == "True";
    }

    public static string Status(JsonObject job)
    {
        if (HasCondition(job, "Complete"))
        {
            return "Complete";
        }
        if (HasCondition(job, "Failed"))
        {
            return "Failed";
        }
        if (TableFormat.IsDeleting(job))
        {
            return "Terminating";
        }
        if (HasCondition(job, "Suspended"))
        {
            return "Suspended";
        }
        return HasCondition(job, "FailureTarget") ? "FailureTarget" : "Running";
    }

    public static string Completions(JsonObject job)
    {
        var succeeded = job.Obj("status").Int("succeeded") ?? 0;
        if (job.Obj("spec").Int("completions") is { } completions)
        {
            return $"{succeeded}/{completions}";
        }
        var parallelism = job.Obj("spec").Int("parallelism") ?? 0;
        return parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
    }

    public static string Duration(JsonObject job, DateTimeOffset now)
    {
        var status = job.Obj("status");
        if (!TableFormat.TryParseTime(status.Str("startTime"), out var start))
        {
            return "";
        }
        return TableFormat.TryParseTime(status.Str("completionTime"), out var end)
            ? HumanDuration.Format(end - start)
            : HumanDuration.Format(now - start);
    }
}

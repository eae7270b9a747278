using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>Cell formatting shared by kubectl's printers: label lists, container lists, ages of other timestamps.</summary>
public static class TableFormat
{
    /// <summary>Labels as <c>k=v,k2=v2</c> in key order, <c>&lt;none&gt;</c> when empty (upstream labels.FormatLabels).</summary>
    public static string Labels(JsonObject? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "<none>";
        }
        return string.Join(",", labels
            .Select(kv => (kv.Key, Value: JsonFields.AsString(kv.Value) ?? ""))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
    }

    /// <summary>Container names and images, each comma-joined (upstream layoutContainerCells).</summary>
    public static (string Names, string Images) Containers(JsonArray? containers)
    {
        var list = containers.Objects().ToList();
        return (string.Join(",", list.Select(c => c.StrOrEmpty("name"))), string.Join(",", list.Select(c => c.StrOrEmpty("image"))));
    }

    /// <summary>The time elapsed since an RFC 3339 timestamp, or <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        TryParseTime(timestamp, out var t) ? HumanDuration.Format(now - t) : "<unknown>";

    public static bool TryParseTime(string? timestamp, out DateTimeOffset time)
    {
        time = default;
        return !string.IsNullOrEmpty(timestamp)
            && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>The default table's "Created At" cell: the creation time in UTC, RFC 3339.</summary>
    public static string CreatedAt(JsonObject obj)
    {
        var ts = obj.Obj("metadata").Str("creationTimestamp");
        return TryParseTime(ts, out var t) ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z";
    }

    public static bool IsDeleting(JsonObject obj) => obj.Obj("metadata").Str("deletionTimestamp") is { Length: > 0 };
}

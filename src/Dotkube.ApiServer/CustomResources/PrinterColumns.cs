using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// Table columns of a custom resource version: Name, then its additionalPrinterColumns (or Age
/// when it has none), cells computed as upstream's table convertor does: the first JSONPath
/// result, typed by the column type; a date column shows the age.
/// </summary>
public static class PrinterColumns
{
    private const string CreationTimestampDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public static IReadOnlyList<TableColumn> For(CrdVersion version)
    {
        var columns = new List<TableColumn> { TableColumn.NameColumn };
        var defined = version.PrinterColumns.Count > 0
            ? version.PrinterColumns
            : [new PrinterColumn("Age", "date", "", CreationTimestampDescription, 0, ".metadata.creationTimestamp")];
        foreach (var c in defined)
        {
            SimpleJsonPath path;
            try
            {
                path = SimpleJsonPath.Parse(c.JsonPath);
            }
            catch (FormatException)
            {
                continue;
            }
            columns.Add(new TableColumn(c.Name, c.Type, c.Format, c.Description, c.Priority, (obj, now) => Cell(path, c.Type, obj, now)));
        }
        return columns;
    }

    private static JsonNode? Cell(SimpleJsonPath path, string type, JsonObject obj, DateTimeOffset now)
    {
        var results = path.Evaluate(obj);
        if (results.Count == 0 || results[0] is not { } value)
        {
            return null;
        }
        switch (type)
        {
            case "integer":
                return value is JsonValue iv && iv.TryGetValue<long>(out var l) ? l
                    : value is JsonValue fv && fv.TryGetValue<double>(out var f) ? (long)f : null;
            case "number":
                return value is JsonValue nv && nv.TryGetValue<double>(out var d) ? d : null;
            case "boolean":
                return value is JsonValue bv && bv.TryGetValue<bool>(out var b) ? b : null;
            case "date":
                if (value is JsonValue tv && tv.TryGetValue<string>(out var text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    return HumanDuration.Format(now - t);
                }
                return null;
            default:
                return SimpleJsonPath.Text(value);
        }
    }
}

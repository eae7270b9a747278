using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Http;

/// <summary>Builds meta.k8s.io/v1 Tables (what kubectl get prints) from a resource's columns.</summary>
public static class TableConverter
{
    /// <param name="includeObject">None, Metadata (default) or Object, as the includeObject parameter says.</param>
    /// <param name="noHeaders">omit column definitions (watch events after the first).</param>
    public static JsonObject Convert(
        IReadOnlyList<TableColumn> columns,
        IEnumerable<JsonObject> objects,
        string includeObject,
        bool noHeaders,
        DateTimeOffset now,
        string? resourceVersion = null,
        string? continueToken = null,
        long? remaining = null)
    {
        var defs = new JsonArray();
        if (!noHeaders)
        {
            foreach (var c in columns)
            {
                defs.Add(new JsonObject
                {
                    ["name"] = c.Name,
                    ["type"] = c.Type,
                    ["format"] = c.Format,
                    ["description"] = c.Description,
                    ["priority"] = c.Priority,
                });
            }
        }
        var rows = new JsonArray();
        foreach (var row in Rows(columns, objects, includeObject, now))
        {
            rows.Add(row);
        }
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }
        if (remaining is not null)
        {
            metadata["remainingItemCount"] = remaining;
        }
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = defs,
            ["rows"] = rows,
        };
        return table;
    }

    /// <summary>The rows of a Table, one per object, computed lazily (list responses stream them).</summary>
    public static IEnumerable<JsonObject> Rows(IReadOnlyList<TableColumn> columns, IEnumerable<JsonObject> objects, string includeObject, DateTimeOffset now)
    {
        if (includeObject is not ("" or "Metadata" or "Object" or "None"))
        {
            throw StatusException.BadRequest($"unrecognized includeObject value: \"{includeObject}\"");
        }
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var c in columns)
            {
                cells.Add(c.Cell(obj, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "" or "Metadata":
                    row["object"] = PartialObjectMetadata(obj);
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
            }
            yield return row;
        }
    }

    public static JsonObject PartialObjectMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
    };
}

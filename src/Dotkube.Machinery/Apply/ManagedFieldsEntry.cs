using System.Text.Json.Nodes;

namespace Dotkube.Machinery.Apply;

/// <summary>One entry of metadata.managedFields: what one manager owns through one kind of operation.</summary>
public sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }

    /// <summary><see cref="Apply"/> or <see cref="Update"/>.</summary>
    public required string Operation { get; init; }

    public required string ApiVersion { get; set; }

    public string Subresource { get; init; } = "";

    /// <summary>RFC 3339 time of the manager's last change, or null.</summary>
    public string? Time { get; set; }

    public required FieldSet Fields { get; set; }

    public bool IsApply => Operation == Apply;

    /// <summary>
    /// Upstream's manager identifier: the entry as JSON without time and fields; appliers leave out
    /// the apiVersion too, so one applier keeps one entry whatever version it applies in.
    /// </summary>
    public string Identifier => IdentifierFor(Manager, Operation, ApiVersion, Subresource);

    public static string IdentifierFor(string manager, string operation, string apiVersion, string subresource)
    {
        var obj = new JsonObject { ["manager"] = manager, ["operation"] = operation };
        if (operation != Apply && apiVersion.Length > 0)
        {
            obj["apiVersion"] = apiVersion;
        }
        if (subresource.Length > 0)
        {
            obj["subresource"] = subresource;
        }
        return GoJsonObject(obj);
    }

    // The identifier keeps Go's field order (manager, operation, apiVersion, subresource), not sorted keys.
    private static string GoJsonObject(JsonObject obj) =>
        "{" + string.Join(",", obj.Select(p => GoJson.Compact(JsonValue.Create(p.Key)) + ":" + GoJson.Compact(p.Value))) + "}";
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Resources.GroupCommon;

/// <summary>Quantities as upstream prints them (Quantity.String(): canonical form).</summary>
public static class QuantityText
{
    /// <summary>The canonical text of a quantity field; "0" when unset, as Go's zero Quantity prints.</summary>
    public static string Canonical(JsonNode? node)
    {
        if (node is null)
        {
            return "0";
        }
        var text = JsonFields.AsString(node) ?? node.ToJsonString();
        return Quantity.TryParse(text, out var q) ? q.ToString() : text;
    }
}

using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>status.conditions of a CustomResourceDefinition: set one, keeping lastTransitionTime when the status holds.</summary>
public static class CrdConditions
{
    public static void Set(JsonObject status, string type, string conditionStatus, string reason, string message, string now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => CrdView.Text(c, "type") == type);
        var transition = existing is not null && CrdView.Text(existing, "status") == conditionStatus
            ? CrdView.Text(existing, "lastTransitionTime")
            : now;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = conditionStatus,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static bool IsTrue(JsonObject crd, string type) =>
        (crd["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => CrdView.Text(c, "type") == type && CrdView.Text(c, "status") == "True") ?? false;
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Autoscaling;

/// <summary>
/// The metric, condition and behavior shapes autoscaling/v1 keeps in its annotations (upstream's
/// v1 MetricSpec/MetricStatus, which use the v2beta1 field names), converted to and from v2.
/// Fields are written in Go struct order so the annotation text matches upstream's json.Marshal.
/// </summary>
public static class HpaV1Metrics
{
    public static JsonObject SpecToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric.StrOrEmpty("type") };
        if (metric.Obj("object") is { } o)
        {
            var target = o.Obj("target");
            var v1 = new JsonObject
            {
                ["target"] = Reference(o.Obj("describedObject")),
                ["metricName"] = o.Obj("metric").StrOrEmpty("name"),
                ["targetValue"] = Quantity(target?["value"]),
            };
            Copy(o.Obj("metric"), "selector", v1, "selector");
            CopyQuantity(target, "averageValue", v1, "averageValue");
            result["object"] = v1;
        }
        if (metric.Obj("pods") is { } p)
        {
            var v1 = new JsonObject
            {
                ["metricName"] = p.Obj("metric").StrOrEmpty("name"),
                ["targetAverageValue"] = Quantity(p.Obj("target")?["averageValue"]),
            };
            Copy(p.Obj("metric"), "selector", v1, "selector");
            result["pods"] = v1;
        }
        if (metric.Obj("resource") is { } r)
        {
            result["resource"] = ResourceSpecToV1(r, container: false);
        }
        if (metric.Obj("containerResource") is { } c)
        {
            result["containerResource"] = ResourceSpecToV1(c, container: true);
        }
        if (metric.Obj("external") is { } e)
        {
            var target = e.Obj("target");
            var v1 = new JsonObject { ["metricName"] = e.Obj("metric").StrOrEmpty("name") };
            Copy(e.Obj("metric"), "selector", v1, "metricSelector");
            CopyQuantity(target, "value", v1, "targetValue");
            CopyQuantity(target, "averageValue", v1, "targetAverageValue");
            result["external"] = v1;
        }
        return result;
    }

    private static JsonObject ResourceSpecToV1(JsonObject source, bool container)
    {
        var target = source.Obj("target");
        var v1 = new JsonObject { ["name"] = source.StrOrEmpty("name") };
        Copy(target, "averageUtilization", v1, "targetAverageUtilization");
        CopyQuantity(target, "averageValue", v1, "targetAverageValue");
        if (container)
        {
            v1["container"] = source.StrOrEmpty("container");
        }
        return v1;
    }

    public static JsonObject SpecFromV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric.StrOrEmpty("type") };
        if (metric.Obj("object") is { } o)
        {
            // Upstream always carries targetValue over, even for an averageValue target.
            var target = new JsonObject
            {
                ["type"] = o["averageValue"] is null ? "Value" : "AverageValue",
                ["value"] = Quantity(o["targetValue"]),
            };
            CopyQuantity(o, "averageValue", target, "averageValue");
            result["object"] = new JsonObject
            {
                ["describedObject"] = Reference(o.Obj("target")),
                ["metric"] = Identifier(o.StrOrEmpty("metricName"), o.Obj("selector")),
                ["target"] = target,
            };
        }
        if (metric.Obj("pods") is { } p)
        {
            result["pods"] = new JsonObject
            {
                ["metric"] = Identifier(p.StrOrEmpty("metricName"), p.Obj("selector")),
                ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = Quantity(p["targetAverageValue"]) },
            };
        }
        if (metric.Obj("resource") is { } r)
        {
            result["resource"] = ResourceSpecFromV1(r, container: false);
        }
        if (metric.Obj("containerResource") is { } c)
        {
            result["containerResource"] = ResourceSpecFromV1(c, container: true);
        }
        if (metric.Obj("external") is { } e)
        {
            var target = new JsonObject { ["type"] = e["targetValue"] is null ? "AverageValue" : "Value" };
            CopyQuantity(e, "targetValue", target, "value");
            CopyQuantity(e, "targetAverageValue", target, "averageValue");
            result["external"] = new JsonObject
            {
                ["metric"] = Identifier(e.StrOrEmpty("metricName"), e.Obj("metricSelector")),
                ["target"] = target,
            };
        }
        return result;
    }

    private static JsonObject ResourceSpecFromV1(JsonObject source, bool container)
    {
        var target = new JsonObject { ["type"] = source["targetAverageUtilization"] is null ? "AverageValue" : "Utilization" };
        Copy(source, "targetAverageUtilization", target, "averageUtilization");
        CopyQuantity(source, "targetAverageValue", target, "averageValue");
        var result = new JsonObject { ["name"] = source.StrOrEmpty("name") };
        if (container)
        {
            result["container"] = source.StrOrEmpty("container");
        }
        result["target"] = target;
        return result;
    }

    public static JsonObject StatusToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric.StrOrEmpty("type") };
        if (metric.Obj("object") is { } o)
        {
            var current = o.Obj("current");
            var v1 = new JsonObject
            {
                ["target"] = Reference(o.Obj("describedObject")),
                ["metricName"] = o.Obj("metric").StrOrEmpty("name"),
                ["currentValue"] = Quantity(current?["value"]),
            };
            Copy(o.Obj("metric"), "selector", v1, "selector");
            CopyQuantity(current, "averageValue", v1, "averageValue");
            result["object"] = v1;
        }
        if (metric.Obj("pods") is { } p)
        {
            var v1 = new JsonObject
            {
                ["metricName"] = p.Obj("metric").StrOrEmpty("name"),
                ["currentAverageValue"] = Quantity(p.Obj("current")?["averageValue"]),
            };
            Copy(p.Obj("metric"), "selector", v1, "selector");
            result["pods"] = v1;
        }
        if (metric.Obj("resource") is { } r)
        {
            result["resource"] = ResourceStatusToV1(r, container: false);
        }
        if (metric.Obj("containerResource") is { } c)
        {
            result["containerResource"] = ResourceStatusToV1(c, container: true);
        }
        if (metric.Obj("external") is { } e)
        {
            var current = e.Obj("current");
            var v1 = new JsonObject { ["metricName"] = e.Obj("metric").StrOrEmpty("name") };
            Copy(e.Obj("metric"), "selector", v1, "metricSelector");
            v1["currentValue"] = Quantity(current?["value"]);
            CopyQuantity(current, "averageValue", v1, "currentAverageValue");
            result["external"] = v1;
        }
        return result;
    }

    private static JsonObject ResourceStatusToV1(JsonObject source, bool container)
    {
        var current = source.Obj("current");
        var v1 = new JsonObject { ["name"] = source.StrOrEmpty("name") };
        Copy(current, "averageUtilization", v1, "currentAverageUtilization");
        v1["currentAverageValue"] = Quantity(current?["averageValue"]);
        if (container)
        {
            v1["container"] = source.StrOrEmpty("container");
        }
        return v1;
    }

    public static JsonObject StatusFromV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric.StrOrEmpty("type") };
        if (metric.Obj("object") is { } o)
        {
            var current = new JsonObject { ["value"] = Quantity(o["currentValue"]) };
            CopyQuantity(o, "averageValue", current, "averageValue");
            result["object"] = new JsonObject
            {
                ["metric"] = Identifier(o.StrOrEmpty("metricName"), o.Obj("selector")),
                ["current"] = current,
                ["describedObject"] = Reference(o.Obj("target")),
            };
        }
        if (metric.Obj("pods") is { } p)
        {
            result["pods"] = new JsonObject
            {
                ["metric"] = Identifier(p.StrOrEmpty("metricName"), p.Obj("selector")),
                ["current"] = new JsonObject { ["averageValue"] = Quantity(p["currentAverageValue"]) },
            };
        }
        if (metric.Obj("resource") is { } r)
        {
            result["resource"] = ResourceStatusFromV1(r, container: false);
        }
        if (metric.Obj("containerResource") is { } c)
        {
            result["containerResource"] = ResourceStatusFromV1(c, container: true);
        }
        if (metric.Obj("external") is { } e)
        {
            var current = new JsonObject { ["value"] = Quantity(e["currentValue"]) };
            CopyQuantity(e, "currentAverageValue", current, "averageValue");
            result["external"] = new JsonObject
            {
                ["metric"] = Identifier(e.StrOrEmpty("metricName"), e.Obj("metricSelector")),
                ["current"] = current,
            };
        }
        return result;
    }

    private static JsonObject ResourceStatusFromV1(JsonObject source, bool container)
    {
        var current = new JsonObject { ["averageValue"] = Quantity(source["currentAverageValue"]) };
        Copy(source, "currentAverageUtilization", current, "averageUtilization");
        var result = new JsonObject { ["name"] = source.StrOrEmpty("name") };
        if (container)
        {
            result["container"] = source.StrOrEmpty("container");
        }
        result["current"] = current;
        return result;
    }

    /// <summary>A condition, identical in v1 and v2.</summary>
    public static JsonObject Condition(JsonObject condition)
    {
        var result = new JsonObject { ["type"] = condition.StrOrEmpty("type"), ["status"] = condition.StrOrEmpty("status") };
        Copy(condition, "lastTransitionTime", result, "lastTransitionTime");
        foreach (var key in new[] { "reason", "message" })
        {
            if (condition.Str(key) is { Length: > 0 } value)
            {
                result[key] = value;
            }
        }
        return result;
    }

    /// <summary>
    /// Behavior as upstream stores it in the v1 annotation: the internal Go type marshalled without
    /// JSON tags, so with Go field names and nulls for unset pointers.
    /// </summary>
    public static JsonObject BehaviorToInternal(JsonObject behavior) => new()
    {
        ["ScaleUp"] = RulesToInternal(behavior.Obj("scaleUp")),
        ["ScaleDown"] = RulesToInternal(behavior.Obj("scaleDown")),
    };

    private static JsonObject? RulesToInternal(JsonObject? rules) => rules is null ? null : new JsonObject
    {
        ["StabilizationWindowSeconds"] = rules.Int("stabilizationWindowSeconds") is { } w ? w : null,
        ["SelectPolicy"] = rules.Str("selectPolicy"),
        ["Policies"] = rules["policies"] is null ? null : new JsonArray([.. rules.Arr("policies").Objects().Select(p => new JsonObject
        {
            ["Type"] = p.StrOrEmpty("type"),
            ["Value"] = p.Int("value") ?? 0,
            ["PeriodSeconds"] = p.Int("periodSeconds") ?? 0,
        })]),
    };

    /// <summary>Reads the annotation back (Go's decoder matches field names case-insensitively); null when empty.</summary>
    public static JsonObject? BehaviorFromInternal(JsonObject behavior)
    {
        var scaleUp = RulesFromInternal(Field(behavior, "scaleUp") as JsonObject);
        var scaleDown = RulesFromInternal(Field(behavior, "scaleDown") as JsonObject);
        if (scaleUp is null && scaleDown is null)
        {
            return null;
        }
        var result = new JsonObject();
        if (scaleUp is not null)
        {
            result["scaleUp"] = scaleUp;
        }
        if (scaleDown is not null)
        {
            result["scaleDown"] = scaleDown;
        }
        return result;
    }

    private static JsonObject? RulesFromInternal(JsonObject? rules)
    {
        if (rules is null)
        {
            return null;
        }
        var result = new JsonObject();
        if (JsonFields.AsLong(Field(rules, "stabilizationWindowSeconds")) is { } w)
        {
            result["stabilizationWindowSeconds"] = w;
        }
        if (JsonFields.AsString(Field(rules, "selectPolicy")) is { } select)
        {
            result["selectPolicy"] = select;
        }
        if (Field(rules, "policies") is JsonArray policies)
        {
            result["policies"] = new JsonArray([.. policies.OfType<JsonObject>().Select(p => new JsonObject
            {
                ["type"] = JsonFields.AsString(Field(p, "type")) ?? "",
                ["value"] = JsonFields.AsLong(Field(p, "value")) ?? 0,
                ["periodSeconds"] = JsonFields.AsLong(Field(p, "periodSeconds")) ?? 0,
            })]);
        }
        return result;
    }

    private static JsonNode? Field(JsonObject obj, string name) =>
        obj.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static JsonObject Reference(JsonObject? reference)
    {
        var result = new JsonObject { ["kind"] = reference.StrOrEmpty("kind"), ["name"] = reference.StrOrEmpty("name") };
        if (reference.Str("apiVersion") is { Length: > 0 } apiVersion)
        {
            result["apiVersion"] = apiVersion;
        }
        return result;
    }

    private static JsonObject Identifier(string name, JsonObject? selector)
    {
        var result = new JsonObject { ["name"] = name };
        if (selector is not null)
        {
            result["selector"] = selector.DeepClone();
        }
        return result;
    }

    private static void Copy(JsonObject? from, string fromKey, JsonObject to, string toKey)
    {
        if (from?[fromKey] is { } value)
        {
            to[toKey] = value.DeepClone();
        }
    }

    private static void CopyQuantity(JsonObject? from, string fromKey, JsonObject to, string toKey)
    {
        if (from?[fromKey] is { } value)
        {
            to[toKey] = Quantity(value);
        }
    }

    /// <summary>A quantity in canonical form; an unset one is Go's zero Quantity, "0".</summary>
    private static string Quantity(JsonNode? node) => HpaTargets.Quantity(node);
}

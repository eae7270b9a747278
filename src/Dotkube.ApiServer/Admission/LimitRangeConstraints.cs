using System.Globalization;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.Admission;

/// <summary>LimitRanger's min, max and ratio checks, worded as upstream's.</summary>
internal static class LimitRangeConstraints
{
    /// <summary>Go's resource.MaxMilliValue: the largest value whose thousandths fit in an int64.</summary>
    private const long MaxMilliValue = long.MaxValue / 1000;

    public static List<string> CheckPod(JsonObject range, JsonObject pod)
    {
        var errors = new List<string>();
        var spec = pod.Obj("spec");
        foreach (var item in range.Obj("spec").Arr("limits").Objects())
        {
            var type = item.StrOrEmpty("type");
            if (type == "Container")
            {
                foreach (var container in spec.Arr("containers").Objects().Concat(spec.Arr("initContainers").Objects()))
                {
                    var resources = container.Obj("resources");
                    Check(item, type, Parse(resources.Obj("requests")), Parse(resources.Obj("limits")), errors);
                }
            }
            else if (type == "Pod")
            {
                Check(item, type, PodTotal(spec, "requests"), PodTotal(spec, "limits"), errors);
            }
        }
        return errors;
    }

    /// <summary>PersistentVolumeClaim items: min and max of spec.resources.requests (limits are not the user's input).</summary>
    public static List<string> CheckClaim(JsonObject range, JsonObject claim)
    {
        var errors = new List<string>();
        var requests = Parse(claim.Obj("spec").Obj("resources").Obj("requests"));
        foreach (var item in range.Obj("spec").Arr("limits").Objects().Where(i => i.Str("type") == "PersistentVolumeClaim"))
        {
            const string type = "PersistentVolumeClaim";
            foreach (var (name, enforced) in Parse(item.Obj("min")))
            {
                AddIf(errors, Min(type, name, enforced, requests, []));
            }
            foreach (var (name, enforced) in Parse(item.Obj("max")))
            {
                AddIf(errors, MaxRequest(type, name, enforced, requests));
            }
        }
        return errors;
    }

    private static void Check(JsonObject item, string type, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits, List<string> errors)
    {
        foreach (var (name, enforced) in Parse(item.Obj("min")))
        {
            AddIf(errors, Min(type, name, enforced, requests, limits));
        }
        foreach (var (name, enforced) in Parse(item.Obj("max")))
        {
            AddIf(errors, Max(type, name, enforced, requests, limits));
        }
        foreach (var (name, enforced) in Parse(item.Obj("maxLimitRequestRatio")))
        {
            AddIf(errors, Ratio(type, name, enforced, requests, limits));
        }
    }

    private static void AddIf(List<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }

    private static string? Min(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        var hasRequest = requests.TryGetValue(name, out var request);
        var hasLimit = limits.TryGetValue(name, out var limit);
        var (req, lim, enf) = Comparable(request, limit, enforced);
        if (!hasRequest)
        {
            return $"minimum {name} usage per {type} is {enforced}.  No request is specified";
        }
        if (req < enf)
        {
            return $"minimum {name} usage per {type} is {enforced}, but request is {request}";
        }
        if (hasLimit && lim < enf)
        {
            return $"minimum {name} usage per {type} is {enforced}, but limit is {limit}";
        }
        return null;
    }

    private static string? Max(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        var hasRequest = requests.TryGetValue(name, out var request);
        var hasLimit = limits.TryGetValue(name, out var limit);
        var (req, lim, enf) = Comparable(request, limit, enforced);
        if (!hasLimit)
        {
            return $"maximum {name} usage per {type} is {enforced}.  No limit is specified";
        }
        if (lim > enf)
        {
            return $"maximum {name} usage per {type} is {enforced}, but limit is {limit}";
        }
        if (hasRequest && req > enf)
        {
            return $"maximum {name} usage per {type} is {enforced}, but request is {request}";
        }
        return null;
    }

    private static string? MaxRequest(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests)
    {
        var hasRequest = requests.TryGetValue(name, out var request);
        var (req, _, enf) = Comparable(request, Quantity.Zero, enforced);
        if (!hasRequest)
        {
            return $"maximum {name} usage per {type} is {enforced}.  No request is specified";
        }
        return req > enf ? $"maximum {name} usage per {type} is {enforced}, but request is {request}" : null;
    }

    private static string? Ratio(string type, string name, Quantity enforced, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        var hasRequest = requests.TryGetValue(name, out var request);
        var hasLimit = limits.TryGetValue(name, out var limit);
        var (req, lim, _) = Comparable(request, limit, enforced);
        if (!hasRequest || req == 0)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no request is specified or request is 0";
        }
        if (!hasLimit || lim == 0)
        {
            return $"{name} max limit to request ratio per {type} is {enforced}, but no limit is specified or limit is 0";
        }
        var observed = (double)lim / req;
        var display = observed;
        double max = enforced.Value;
        if (enforced.Value <= MaxMilliValue)
        {
            observed *= 1000;
            max = enforced.MilliValue;
        }
        return observed > max
            ? $"{name} max limit to request ratio per {type} is {enforced}, but provided ratio is {display.ToString("F6", CultureInfo.InvariantCulture)}"
            : null;
    }

    /// <summary>The three values at one precision: thousandths when none overflows, else whole units (as upstream).</summary>
    private static (long Request, long Limit, long Enforced) Comparable(Quantity request, Quantity limit, Quantity enforced)
    {
        if (request.Value <= MaxMilliValue && limit.Value <= MaxMilliValue && enforced.Value <= MaxMilliValue)
        {
            return (request.MilliValue, limit.MilliValue, enforced.MilliValue);
        }
        return (request.Value, limit.Value, enforced.Value);
    }

    /// <summary>
    /// A pod's total requests or limits: its containers and sidecars (restartable init
    /// containers) add up; a plain init container counts with the sidecars started before it, and
    /// the pod needs the larger of the two totals per resource.
    /// </summary>
    private static Dictionary<string, Quantity> PodTotal(JsonObject? spec, string field)
    {
        var total = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in spec.Arr("containers").Objects())
        {
            AddTo(total, Parse(container.Obj("resources").Obj(field)));
        }
        var sidecars = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var init = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in spec.Arr("initContainers").Objects())
        {
            var own = Parse(container.Obj("resources").Obj(field));
            Dictionary<string, Quantity> running;
            if (container.Str("restartPolicy") == "Always")
            {
                AddTo(total, own);
                AddTo(sidecars, own);
                running = sidecars;
            }
            else
            {
                running = new Dictionary<string, Quantity>(StringComparer.Ordinal);
                AddTo(running, own);
                AddTo(running, sidecars);
            }
            MaxInto(init, running);
        }
        MaxInto(total, init);
        return total;
    }

    private static void AddTo(Dictionary<string, Quantity> list, Dictionary<string, Quantity> more)
    {
        foreach (var (name, q) in more)
        {
            list[name] = list.TryGetValue(name, out var have) ? have + q : q;
        }
    }

    private static void MaxInto(Dictionary<string, Quantity> list, Dictionary<string, Quantity> other)
    {
        foreach (var (name, q) in other)
        {
            if (!list.TryGetValue(name, out var have) || q > have)
            {
                list[name] = q;
            }
        }
    }

    private static Dictionary<string, Quantity> Parse(JsonObject? list)
    {
        var parsed = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, node) in list ?? [])
        {
            if (Quantity.TryParse(node, out var q))
            {
                parsed[name] = q;
            }
        }
        return parsed;
    }
}

using System.Globalization;

namespace Dotkube.Machinery.Time;

/// <summary>
/// A cron schedule as upstream reads it (robfig/cron's standard parser): five fields (minute hour
/// day-of-month month day-of-week) with *, ?, ranges, steps and month/day names, or a descriptor
/// (@hourly, @every 1h30m, ...), optionally after TZ= or CRON_TZ=. <see cref="Check"/> gives the
/// parser's error texts, which upstream puts in the field error; <see cref="Next"/> the next
/// activation, which the CronJob controller schedules by.
/// </summary>
public sealed partial class CronSchedule
{
    private sealed record Bounds(int Min, int Max, IReadOnlyDictionary<string, int>? Names = null);

    private static readonly Bounds Minutes = new(0, 59);
    private static readonly Bounds Hours = new(0, 23);
    private static readonly Bounds DaysOfMonth = new(1, 31);

    private static readonly Bounds Months = new(1, 12, new Dictionary<string, int>
    {
        ["jan"] = 1,
        ["feb"] = 2,
        ["mar"] = 3,
        ["apr"] = 4,
        ["may"] = 5,
        ["jun"] = 6,
        ["jul"] = 7,
        ["aug"] = 8,
        ["sep"] = 9,
        ["oct"] = 10,
        ["nov"] = 11,
        ["dec"] = 12,
    });

    private static readonly Bounds DaysOfWeek = new(0, 6, new Dictionary<string, int>
    {
        ["sun"] = 0,
        ["mon"] = 1,
        ["tue"] = 2,
        ["wed"] = 3,
        ["thu"] = 4,
        ["fri"] = 5,
        ["sat"] = 6,
    });

    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    /// <summary>Null when the schedule parses, else the parser's error text.</summary>
    public static string? Check(string spec) => Parse(spec, out _);

    /// <summary>Parses <paramref name="spec"/>; null when it parses, else the parser's error text.</summary>
    public static string? Parse(string spec, out CronSchedule? schedule)
    {
        schedule = null;
        if (spec.Length == 0)
        {
            return "empty spec string";
        }
        TimeZoneInfo? zone = null;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var zoneName = space < 0 ? spec[(eq + 1)..] : spec[(eq + 1)..space];
            if (TimeZones.LoadError(zoneName) is { } zoneError)
            {
                return $"provided bad location {zoneName}: {zoneError}";
            }
            zone = TimeZones.Find(zoneName);
            spec = space < 0 ? "" : spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
        {
            if (CheckDescriptor(spec) is { } descriptorError)
            {
                return descriptorError;
            }
            schedule = FromDescriptor(spec, zone);
            return null;
        }
        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]";
        }
        Bounds[] bounds = [Minutes, Hours, DaysOfMonth, Months, DaysOfWeek];
        var bits = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            foreach (var expr in fields[i].Split(','))
            {
                if (CheckRange(expr, bounds[i], ref bits[i]) is { } error)
                {
                    return error;
                }
            }
        }
        schedule = new CronSchedule(bits[0], bits[1], bits[2], bits[3], bits[4], null, zone);
        return null;
    }

    private static string? CheckDescriptor(string spec)
    {
        if (Descriptors.Contains(spec))
        {
            return null;
        }
        const string every = "@every ";
        if (spec.StartsWith(every, StringComparison.Ordinal))
        {
            var text = spec[every.Length..];
            return GoDuration.ParseError(text) is { } error ? $"failed to parse duration {spec}: {error}" : null;
        }
        return $"unrecognized descriptor: {spec}";
    }

    private static string? CheckRange(string expr, Bounds bounds, ref ulong bits)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var single = lowAndHigh.Length == 1;
        long start, end;
        string? error;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = bounds.Min;
            end = bounds.Max;
        }
        else
        {
            (start, error) = IntOrName(lowAndHigh[0], bounds.Names);
            if (error is not null)
            {
                return error;
            }
            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    (end, error) = IntOrName(lowAndHigh[1], bounds.Names);
                    if (error is not null)
                    {
                        return error;
                    }
                    break;
                default:
                    return $"too many hyphens: {expr}";
            }
        }
        long step = 1;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                (step, error) = NonNegativeInt(rangeAndStep[1]);
                if (error is not null)
                {
                    return error;
                }
                // "N/step" means "N-max/step".
                if (single)
                {
                    end = bounds.Max;
                }
                break;
            default:
                return $"too many slashes: {expr}";
        }
        if (start < bounds.Min)
        {
            return $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}";
        }
        if (end > bounds.Max)
        {
            return $"end of range ({end}) above maximum ({bounds.Max}): {expr}";
        }
        if (start > end)
        {
            return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        }
        if (step == 0)
        {
            return $"step of range should be a positive number: {expr}";
        }
        for (var v = start; v <= end; v += step)
        {
            bits |= 1UL << (int)v;
        }
        // * or ? with step 1 marks the field as unrestricted (it changes how the two day fields combine).
        if (lowAndHigh[0] is "*" or "?" && step == 1)
        {
            bits |= StarBit;
        }
        return null;
    }

    private static (long, string?) IntOrName(string expr, IReadOnlyDictionary<string, int>? names) =>
        names is not null && names.TryGetValue(expr.ToLowerInvariant(), out var n) ? (n, null) : NonNegativeInt(expr);

    private static (long, string?) NonNegativeInt(string expr)
    {
        if (!GoAtoi(expr, out var num))
        {
            return (0, $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": invalid syntax");
        }
        return num < 0 ? (0, $"negative number ({num}) not allowed: {expr}") : (num, null);
    }

    /// <summary>Go's strconv.Atoi: optional sign and decimal digits only.</summary>
    private static bool GoAtoi(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && s.Trim() == s && s.Length > 0;
}

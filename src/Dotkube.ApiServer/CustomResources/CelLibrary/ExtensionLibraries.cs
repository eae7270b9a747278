using System.Text;
using System.Text.RegularExpressions;
using Cel;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// The string (cel-go ext.Strings version 2: charAt, indexOf/lastIndexOf with an offset,
/// substring, replace and split with a limit, strings.quote; lowerAscii, upperAscii, trim, join
/// are in <see cref="CelRules"/>), list (k8s: isSorted, sum, min, max, indexOf, lastIndexOf),
/// regex (k8s: find, findAll) and set (ext.Sets: sets.contains, sets.equivalent,
/// sets.intersects) libraries Kubernetes 1.32 enables. Indexes count characters (UTF-16 units).
/// </summary>
internal static class ExtensionLibraries
{
    public static void Register(CelEnvironment env)
    {
        RegisterStrings(env);
        RegisterLists(env);
        RegisterRegex(env);
        RegisterSets(env);
    }

    private static void RegisterStrings(CelEnvironment env)
    {
        env.RegisterFunction("charAt", [typeof(string), typeof(long)], a =>
        {
            var s = (string)a[0]!;
            var i = (long)a[1]!;
            return i < 0 || i > s.Length ? throw CelValues.Error($"index out of range: {i}") : i == s.Length ? "" : s[(int)i].ToString();
        });
        env.RegisterFunction("indexOf", [typeof(string), typeof(string), typeof(long)], a =>
        {
            var s = (string)a[0]!;
            var offset = Offset(s, (long)a[2]!);
            return (long)s.IndexOf((string)a[1]!, offset, StringComparison.Ordinal);
        });
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string), typeof(long)], a =>
        {
            var s = (string)a[0]!;
            var sub = (string)a[1]!;
            var offset = Offset(s, (long)a[2]!);
            var start = Math.Min(offset + sub.Length, s.Length);
            return (long)s[..start].LastIndexOf(sub, StringComparison.Ordinal);
        });
        env.RegisterFunction("substring", [typeof(string), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, ((string)a[0]!).Length));
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, (long)a[2]!));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string), typeof(long)], a =>
            Replace((string)a[0]!, (string)a[1]!, (string)a[2]!, (long)a[3]!));
        env.RegisterFunction("split", [typeof(string), typeof(string), typeof(long)], a => Split((string)a[0]!, (string)a[1]!, (long)a[2]!));
        env.RegisterFunction("quote", [typeof(CelNamespace), typeof(string)], a =>
            a[0] is CelNamespace { Name: "strings" } ? Quote((string)a[1]!) : throw new CelNoSuchOverloadException("no such overload"));
    }

    private static int Offset(string s, long offset) =>
        offset < 0 || offset > s.Length ? throw CelValues.Error($"index out of range: {offset}") : (int)offset;

    private static string Substring(string s, long start, long end)
    {
        if (start < 0 || start > s.Length)
        {
            throw CelValues.Error($"index out of range: {start}");
        }
        if (end < 0 || end > s.Length)
        {
            throw CelValues.Error($"index out of range: {end}");
        }
        if (start > end)
        {
            throw CelValues.Error($"invalid substring range. start: {start}, end: {end}");
        }
        return s[(int)start..(int)end];
    }

    private static string Replace(string s, string old, string replacement, long n)
    {
        if (n < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }
        var sb = new StringBuilder();
        var at = 0;
        for (var done = 0; done < n; done++)
        {
            var next = s.IndexOf(old, at, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }
            sb.Append(s, at, next - at).Append(replacement);
            at = next + old.Length;
            if (old.Length == 0)
            {
                if (at >= s.Length)
                {
                    break;
                }
                sb.Append(s[at]);
                at++;
            }
        }
        return sb.Append(s, at, s.Length - at).ToString();
    }

    /// <summary>Go's strings.SplitN: n == 0 no parts, n &lt; 0 all, else at most n (the last holds the rest).</summary>
    private static object?[] Split(string s, string separator, long n)
    {
        if (n == 0)
        {
            return [];
        }
        var parts = separator.Length == 0 ? s.Select(c => c.ToString()).ToArray() : s.Split(separator);
        if (n < 0 || parts.Length <= n)
        {
            return parts;
        }
        var head = parts.Take((int)n - 1).ToList();
        head.Add(separator.Length == 0 ? s[(int)(n - 1)..] : string.Join(separator, parts.Skip((int)n - 1)));
        return [.. head];
    }

    /// <summary>strings.quote: a double-quoted CEL string literal.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static void RegisterLists(CelEnvironment env)
    {
        env.RegisterFunction("isSorted", [typeof(object[])], a =>
        {
            var list = (object?[])a[0]!;
            for (var i = 1; i < list.Length; i++)
            {
                if (CelValues.Compare(list[i - 1], list[i]) > 0)
                {
                    return false;
                }
            }
            return true;
        });
        env.RegisterFunction("sum", [typeof(object[])], a => Sum((object?[])a[0]!));
        env.RegisterFunction("min", [typeof(object[])], a => Extreme((object?[])a[0]!, "min", -1));
        env.RegisterFunction("max", [typeof(object[])], a => Extreme((object?[])a[0]!, "max", 1));
        env.RegisterFunction("indexOf", [typeof(object[]), typeof(object)], a => (long)Array.FindIndex((object?[])a[0]!, x => CelValues.Equal(x, a[1])));
        env.RegisterFunction("lastIndexOf", [typeof(object[]), typeof(object)], a => (long)Array.FindLastIndex((object?[])a[0]!, x => CelValues.Equal(x, a[1])));
    }

    private static object? Sum(object?[] list)
    {
        if (list.Length == 0)
        {
            return 0L;
        }
        return list[0] switch
        {
            long => list.Aggregate(0L, (s, x) => checked(s + (x is long l ? l : throw new CelNoSuchOverloadException("no such overload")))),
            ulong => list.Aggregate(0UL, (s, x) => checked(s + (x is ulong u ? u : throw new CelNoSuchOverloadException("no such overload")))),
            double => list.Aggregate(0d, (s, x) => s + (x is double d ? d : throw new CelNoSuchOverloadException("no such overload"))),
            TimeSpan => list.Aggregate(TimeSpan.Zero, (s, x) => s + (x is TimeSpan t ? t : throw new CelNoSuchOverloadException("no such overload"))),
            _ => throw new CelNoSuchOverloadException("no such overload"),
        };
    }

    private static object? Extreme(object?[] list, string name, int sign)
    {
        if (list.Length == 0)
        {
            throw CelValues.Error($"{name} called on empty list");
        }
        var best = list[0];
        foreach (var x in list.Skip(1))
        {
            if (Math.Sign(CelValues.Compare(x, best)) == sign)
            {
                best = x;
            }
        }
        return best;
    }

    private static void RegisterRegex(CelEnvironment env)
    {
        env.RegisterFunction("find", [typeof(string), typeof(string)], a => Regex((string)a[1]!).Match((string)a[0]!) is { Success: true } m ? m.Value : "");
        env.RegisterFunction("findAll", [typeof(string), typeof(string)], a => FindAll((string)a[0]!, (string)a[1]!, -1));
        env.RegisterFunction("findAll", [typeof(string), typeof(string), typeof(long)], a => FindAll((string)a[0]!, (string)a[1]!, (long)a[2]!));
    }

    private static Regex Regex(string pattern) => GoRegex.TryCompile(pattern) ?? throw CelValues.Error($"Illegal regex: error parsing regexp: {pattern}");

    private static object?[] FindAll(string s, string pattern, long n)
    {
        if (n == 0)
        {
            return [];
        }
        var matches = Regex(pattern).Matches(s).Select(m => (object?)m.Value);
        return n < 0 ? [.. matches] : [.. matches.Take((int)Math.Min(n, int.MaxValue))];
    }

    private static void RegisterSets(CelEnvironment env)
    {
        env.RegisterFunction("contains", [typeof(CelNamespace), typeof(object[]), typeof(object[])], a =>
            Sets(a[0]) && ((object?[])a[2]!).All(x => ((object?[])a[1]!).Any(y => CelValues.Equal(x, y))));
        env.RegisterFunction("equivalent", [typeof(CelNamespace), typeof(object[]), typeof(object[])], a =>
            Sets(a[0]) && ((object?[])a[2]!).All(x => ((object?[])a[1]!).Any(y => CelValues.Equal(x, y)))
            && ((object?[])a[1]!).All(x => ((object?[])a[2]!).Any(y => CelValues.Equal(x, y))));
        env.RegisterFunction("intersects", [typeof(CelNamespace), typeof(object[]), typeof(object[])], a =>
            Sets(a[0]) && ((object?[])a[1]!).Any(x => ((object?[])a[2]!).Any(y => CelValues.Equal(x, y))));
    }

    private static bool Sets(object? receiver) =>
        receiver is CelNamespace { Name: "sets" } ? true : throw new CelNoSuchOverloadException("no such overload");
}

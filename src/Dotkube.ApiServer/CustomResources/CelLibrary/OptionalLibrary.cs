using Cel;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// cel-go's optional types (Kubernetes 1.28+): optional.of(x), optional.none(),
/// optional.ofNonZeroValue(x), and on an optional hasValue(), value(), orValue(x), or(opt).
/// The syntax x.?field, x[?key], [?e] and {?k: v} is rewritten by <see cref="OptionalSyntax"/>
/// into the internal functions registered here.
/// </summary>
internal static class OptionalLibrary
{
    public const string Select = "__optional_select";
    public const string Index = "__optional_index";
    public const string List = "__optional_list";
    public const string Map = "__optional_map";
    public const string Present = "__optional_present";

    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("of", [typeof(CelNamespace), typeof(object)], a => Ns(a[0]) ? CelOptional.Of(a[1]) : null);
        env.RegisterFunction("none", [typeof(CelNamespace)], a => Ns(a[0]) ? CelOptional.None : null);
        env.RegisterFunction("ofNonZeroValue", [typeof(CelNamespace), typeof(object)], a => Ns(a[0]) && !IsZero(a[1]) ? CelOptional.Of(a[1]) : CelOptional.None);
        env.RegisterFunction("hasValue", [typeof(CelOptional)], a => ((CelOptional)a[0]!).HasValue);
        env.RegisterFunction("value", [typeof(CelOptional)], a => ((CelOptional)a[0]!) is { HasValue: true } o ? o.Content : throw CelValues.Error("optional.none() dereference"));
        env.RegisterFunction("orValue", [typeof(CelOptional), typeof(object)], a => ((CelOptional)a[0]!) is { HasValue: true } o ? o.Content : a[1]);
        env.RegisterFunction("or", [typeof(CelOptional), typeof(CelOptional)], a => ((CelOptional)a[0]!).HasValue ? a[0] : a[1]);

        env.RegisterFunction(Select, [typeof(object), typeof(string)], a => SelectField(a[0], (string)a[1]!));
        env.RegisterFunction(Index, [typeof(object), typeof(object)], a => IndexValue(a[0], a[1]));
        env.RegisterFunction(Present, [typeof(object)], a => CelOptional.Of(a[0]));
        env.RegisterFunction(List, [typeof(object[])], a => ((object?[])a[0]!).OfType<CelOptional>().Where(o => o.HasValue).Select(o => o.Content).ToArray());
        env.RegisterFunction(Map, [typeof(object[])], a => BuildMap((object?[])a[0]!));
    }

    private static bool Ns(object? receiver) =>
        receiver is CelNamespace { Name: "optional" } ? true : throw new CelNoSuchOverloadException("no such overload");

    /// <summary>x.?f: optional.of(x.f) when x is a map holding f, else optional.none(); on an optional, lifted.</summary>
    private static CelOptional SelectField(object? target, string field)
    {
        if (target is CelOptional optional)
        {
            return optional.HasValue ? SelectField(optional.Content, field) : CelOptional.None;
        }
        return target switch
        {
            IDictionary<string, object?> map => map.TryGetValue(field, out var v) ? CelOptional.Of(v) : CelOptional.None,
            null => throw CelValues.Error("no such key: " + field),
            _ => throw new CelNoSuchOverloadException("no such overload"),
        };
    }

    /// <summary>x[?k]: a map's entry or a list's element when present, else optional.none().</summary>
    private static CelOptional IndexValue(object? target, object? key)
    {
        if (target is CelOptional optional)
        {
            return optional.HasValue ? IndexValue(optional.Content, key) : CelOptional.None;
        }
        switch (target)
        {
            case IDictionary<string, object?> map:
                return key is string k && map.TryGetValue(k, out var v) ? CelOptional.Of(v) : CelOptional.None;
            case object?[] list:
                var i = key switch { long l => l, ulong u => (long)u, double d when d == Math.Floor(d) => (long)d, _ => throw new CelNoSuchOverloadException("no such overload") };
                return i >= 0 && i < list.Length ? CelOptional.Of(list[i]) : CelOptional.None;
            default:
                throw new CelNoSuchOverloadException("no such overload");
        }
    }

    /// <summary>{k: v, ?k2: opt}: keys and values alternate; an optional value that is none leaves its key out.</summary>
    private static Dictionary<string, object?> BuildMap(object?[] entries)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < entries.Length; i += 2)
        {
            if (entries[i + 1] is CelOptional { HasValue: true } o)
            {
                result[entries[i]?.ToString() ?? ""] = o.Content;
            }
        }
        return result;
    }

    /// <summary>The zero values ofNonZeroValue treats as absent.</summary>
    private static bool IsZero(object? value) => value switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        object?[] a => a.Length == 0,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };
}

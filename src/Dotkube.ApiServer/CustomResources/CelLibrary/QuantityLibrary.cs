using Cel;
using Dotkube.Machinery.Quantities;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// k8s.io/apiserver's quantity library (1.28+): quantity(string), isQuantity(string), and on a
/// quantity sign, isGreaterThan, isLessThan, compareTo, add, sub (quantity or int),
/// asInteger, isInteger, asApproximateFloat.
/// </summary>
internal static class QuantityLibrary
{
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("quantity", [typeof(string)], a => Parse((string)a[0]!));
        env.RegisterFunction("isQuantity", [typeof(string)], a => Quantity.TryParse((string)a[0]!, out _));
        env.RegisterFunction("sign", [typeof(CelQuantity)], a => (long)Q(a[0]).Sign);
        env.RegisterFunction("isGreaterThan", [typeof(CelQuantity), typeof(CelQuantity)], a => Q(a[0]).CompareTo(Q(a[1])) > 0);
        env.RegisterFunction("isLessThan", [typeof(CelQuantity), typeof(CelQuantity)], a => Q(a[0]).CompareTo(Q(a[1])) < 0);
        env.RegisterFunction("compareTo", [typeof(CelQuantity), typeof(CelQuantity)], a => (long)Math.Sign(Q(a[0]).CompareTo(Q(a[1]))));
        env.RegisterFunction("add", [typeof(CelQuantity), typeof(CelQuantity)], a => new CelQuantity(Q(a[0]).Add(Q(a[1]))));
        env.RegisterFunction("add", [typeof(CelQuantity), typeof(long)], a => new CelQuantity(Q(a[0]).Add(Quantity.FromValue((long)a[1]!))));
        env.RegisterFunction("sub", [typeof(CelQuantity), typeof(CelQuantity)], a => new CelQuantity(Q(a[0]).Subtract(Q(a[1]))));
        env.RegisterFunction("sub", [typeof(CelQuantity), typeof(long)], a => new CelQuantity(Q(a[0]).Subtract(Quantity.FromValue((long)a[1]!))));
        env.RegisterFunction("isInteger", [typeof(CelQuantity)], a => TryInteger(Q(a[0]), out _));
        env.RegisterFunction("asInteger", [typeof(CelQuantity)], a => TryInteger(Q(a[0]), out var v) ? v : throw CelValues.Error("cannot convert value to integer"));
        env.RegisterFunction("asApproximateFloat", [typeof(CelQuantity)], a => Q(a[0]).AsDouble);
    }

    private static Quantity Q(object? value) => ((CelQuantity)value!).Quantity;

    private static CelQuantity Parse(string text) =>
        Quantity.TryParse(text, out var q, out var error) ? new CelQuantity(q) : throw CelValues.Error(error);

    /// <summary>resource.Quantity.AsInt64: a whole number that fits in int64 (ScaledValue rounds and clamps, so compare back exactly).</summary>
    private static bool TryInteger(Quantity q, out long value)
    {
        value = q.ScaledValue(0);
        return Quantity.FromValue(value).CompareTo(q) == 0;
    }
}

using Cel;
using Cel.Internal;
using Google.Protobuf.Reflection;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>Helpers shared by the libraries: the package's equality, argument checks, errors.</summary>
internal static class CelValues
{
    private static readonly TypeRegistry Registry = TypeRegistry.Empty;

    /// <summary>CEL equality as the Cel package's == decides it.</summary>
    public static bool Equal(object? a, object? b) => CompareFunctions.Compare(a, b, Registry) == 0;

    /// <summary>CEL ordering for lists' min/max/isSorted; throws for values without one.</summary>
    public static int Compare(object? a, object? b)
    {
        var result = CompareFunctions.Compare(a, b, Registry);
        if (result == -2 || a is null || b is null || a.GetType() != b.GetType() && !(IsNumber(a) && IsNumber(b)))
        {
            throw new CelNoSuchOverloadException("no such overload");
        }
        return result;
    }

    public static bool IsNumber(object? v) => v is long or ulong or double;

    /// <summary>An evaluation error with upstream's text (the rule's error reads "TEXT evaluating rule: …").</summary>
    public static CelException Error(string message) => new(message);

    public static object?[] List(object? value) => value switch
    {
        object?[] array => array,
        System.Collections.IList list => list.Cast<object?>().ToArray(),
        _ => throw new CelNoSuchOverloadException("no such overload"),
    };
}

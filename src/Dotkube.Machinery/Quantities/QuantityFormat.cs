namespace Dotkube.Machinery.Quantities;

/// <summary>How a quantity prints: the suffix family it was written with.</summary>
public enum QuantityFormat
{
    /// <summary>Powers of ten with SI suffixes: <c>12M</c>, <c>500m</c>.</summary>
    DecimalSI,

    /// <summary>Powers of two: <c>12Mi</c> (12 * 2^20).</summary>
    BinarySI,

    /// <summary>Scientific notation: <c>12e6</c>.</summary>
    DecimalExponent,
}

namespace Dotkube.Machinery.Selectors;

/// <summary>Label selector operators, with upstream's names in comments (selection.Operator).</summary>
public enum SelectorOperator
{
    /// <summary><c>=</c></summary>
    Equals,

    /// <summary><c>==</c></summary>
    DoubleEquals,

    /// <summary><c>!=</c></summary>
    NotEquals,

    /// <summary><c>in</c></summary>
    In,

    /// <summary><c>notin</c></summary>
    NotIn,

    /// <summary>a bare key</summary>
    Exists,

    /// <summary><c>!key</c></summary>
    DoesNotExist,

    /// <summary><c>&gt;</c> (<c>gt</c>)</summary>
    GreaterThan,

    /// <summary><c>&lt;</c> (<c>lt</c>)</summary>
    LessThan,
}

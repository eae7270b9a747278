using System.Reflection;

namespace Dotkube.Machinery.Patching;

/// <summary>How a model property is shaped in JSON.</summary>
public enum ModelFieldKind
{
    /// <summary>A string, number, boolean, quantity, int-or-string, time, or free-form value.</summary>
    Scalar,

    /// <summary>A nested model object.</summary>
    Object,

    /// <summary>A JSON array (IList&lt;T&gt;).</summary>
    List,

    /// <summary>A JSON object with arbitrary keys (IDictionary&lt;string, T&gt;).</summary>
    Map,
}

/// <summary>
/// One JSON property of a KubernetesClient model class, found by reflection.
/// <see cref="ModelType"/> is the model class of the value (for lists and maps: of each item),
/// or null when that is not a model (strings, numbers, quantities...).
/// </summary>
public sealed record ModelField(string JsonName, PropertyInfo Property, ModelFieldKind Kind, Type ItemType, Type? ModelType);

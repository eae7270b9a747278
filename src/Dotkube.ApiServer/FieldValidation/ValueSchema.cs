namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// The decoding shape of one typed value: its kind, the Go type name upstream's errors print
/// ("int32", "[]v1.Container", "v1.DeploymentSpec"), and what lies beneath.
/// </summary>
internal sealed class ValueSchema
{
    public ValueSchema(ValueKind kind, string goType, ValueSchema? item = null, ObjectSchema? obj = null)
    {
        Kind = kind;
        GoType = goType;
        Item = item;
        Object = obj;
    }

    public ValueKind Kind { get; }

    public string GoType { get; }

    /// <summary>For lists and maps: each item.</summary>
    public ValueSchema? Item { get; }

    /// <summary>For objects: the struct's fields.</summary>
    public ObjectSchema? Object { get; }

    public static readonly ValueSchema Raw = new(ValueKind.Raw, "json.RawMessage");
    public static readonly ValueSchema Interface = new(ValueKind.Interface, "interface {}");
    public static readonly ValueSchema String = new(ValueKind.String, "string");
    public static readonly ValueSchema Bool = new(ValueKind.Bool, "bool");
    public static readonly ValueSchema Int32 = new(ValueKind.Int32, "int32");
    public static readonly ValueSchema Int64 = new(ValueKind.Int64, "int64");
    public static readonly ValueSchema Float64 = new(ValueKind.Float64, "float64");
    public static readonly ValueSchema Bytes = new(ValueKind.Bytes, "[]uint8");
    public static readonly ValueSchema Quantity = new(ValueKind.Quantity, "resource.Quantity");
    public static readonly ValueSchema IntOrString = new(ValueKind.IntOrString, "intstr.IntOrString");
    public static readonly ValueSchema Time = new(ValueKind.Time, "v1.Time");

    public static ValueSchema ListOf(ValueSchema item) => new(ValueKind.List, "[]" + item.GoType, item);

    /// <summary>A string-keyed map; maps of quantities are upstream's named ResourceList.</summary>
    public static ValueSchema MapOf(ValueSchema item) =>
        new(ValueKind.Map, item.Kind == ValueKind.Quantity ? "v1.ResourceList" : "map[string]" + item.GoType, item);

    public static ValueSchema ObjectOf(ObjectSchema obj) => new(ValueKind.Object, obj.GoPackage + "." + obj.GoName, obj: obj);
}

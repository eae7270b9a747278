namespace Dotkube.ApiServer.FieldValidation;

/// <summary>How a typed field decodes, as upstream's Go decoder sees it.</summary>
internal enum ValueKind
{
    /// <summary>Anything goes and nothing beneath is checked (RawExtension, apiextensions JSON, FieldsV1: Go types with their own decoder).</summary>
    Raw,

    /// <summary>A Go <c>interface{}</c>: anything goes, but duplicate keys beneath are still found.</summary>
    Interface,

    String,
    Bool,
    Int32,
    Int64,
    Float64,

    /// <summary>A Go <c>[]byte</c>: a base64 string.</summary>
    Bytes,

    /// <summary>resource.Quantity: a string or number that parses as a quantity.</summary>
    Quantity,

    /// <summary>intstr.IntOrString: a string or an int32.</summary>
    IntOrString,

    /// <summary>metav1.Time / MicroTime: a string.</summary>
    Time,

    /// <summary>A Go struct with known fields.</summary>
    Object,

    /// <summary>A Go slice.</summary>
    List,

    /// <summary>A Go map with string keys.</summary>
    Map,
}

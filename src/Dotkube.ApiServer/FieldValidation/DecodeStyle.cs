namespace Dotkube.ApiServer.FieldValidation;

/// <summary>Which of upstream's two decoders a check imitates; their error wording differs.</summary>
internal enum DecodeStyle
{
    /// <summary>
    /// sigs.k8s.io/json decoding JSON bytes into a Go struct (create, update, JSON and merge patches):
    /// strict errors in document order, <c>json: cannot unmarshal ...</c> type errors.
    /// </summary>
    GoJson,

    /// <summary>
    /// runtime.DefaultUnstructuredConverter turning a map into a struct (strategic merge patches):
    /// unknown fields sorted, unquoted paths, <c>cannot restore struct from: string</c> type errors.
    /// </summary>
    Unstructured,
}

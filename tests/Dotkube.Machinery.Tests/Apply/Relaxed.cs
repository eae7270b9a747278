using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dotkube.Machinery.Tests.Apply;

/// <summary>JSON text without escaping quotes inside strings, so expected FieldsV1 reads as upstream prints it.</summary>
internal static class Relaxed
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

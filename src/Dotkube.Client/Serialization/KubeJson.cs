using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;

namespace Dotkube.Client.Serialization;

/// <summary>
/// The System.Text.Json options for KubernetesClient models: that library's own (its converters
/// for quantities, int-or-string, …), except that times are written with six fractional digits.
/// Go API servers read metav1.MicroTime fields (Lease times, Event eventTime) only in that form, and
/// read metav1.Time fields in it too, while KubernetesClient drops the fraction when it is zero.
/// </summary>
public static class KubeJson
{
    public static JsonSerializerOptions Options { get; } = Build();

    private static JsonSerializerOptions Build()
    {
        JsonSerializerOptions? library = null;
        // The callback is handed the library's own options instance; it is only read here.
        KubernetesJson.AddJsonOptions(o => library = o);
        if (library is null)
        {
            throw new InvalidOperationException("KubernetesClient did not expose its JSON options.");
        }
        var options = new JsonSerializerOptions(library);
        options.Converters.Insert(0, new MicroTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class MicroTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("null time");
            return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(MicroTime.Format(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Dotkube.Client.Serialization;

/// <summary>
/// The System.Text.Json options for KubernetesClient models: that library's own (its converters
/// for quantities, int-or-string, …), except for times. The models do not tell metav1.Time
/// (whole seconds on the wire: "2026-01-02T03:04:05Z") from metav1.MicroTime (exactly six
/// fractional digits, the only form Go servers read for Lease and Event times), so a time with a
/// sub-second part is written as MicroTime and a whole-second one as Time. Callers that set
/// metav1.Time fields truncate to seconds (as Go's encoder does); MicroTime fields carry the clock's
/// sub-second part.
/// </summary>
public static class KubeJson
{
    public static JsonSerializerOptions Options { get; } = Build(skipManagedFields: false);

    /// <summary>
    /// The same, except that metadata.managedFields are skipped while reading (left null): for
    /// caches that never look at them, which saves decoding the biggest part of many objects.
    /// </summary>
    public static JsonSerializerOptions OptionsWithoutManagedFields { get; } = Build(skipManagedFields: true);

    private static JsonSerializerOptions Build(bool skipManagedFields)
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
        if (skipManagedFields)
        {
            options.Converters.Insert(0, new SkipManagedFieldsConverter());
        }
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class SkipManagedFieldsConverter : JsonConverter<IList<V1ManagedFieldsEntry>>
    {
        public override IList<V1ManagedFieldsEntry>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, IList<V1ManagedFieldsEntry> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Options);
    }

    private sealed class MicroTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("null time");
            return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
            writer.WriteStringValue(utc.Ticks % TimeSpan.TicksPerSecond == 0
                ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : MicroTime.Format(utc));
        }
    }
}

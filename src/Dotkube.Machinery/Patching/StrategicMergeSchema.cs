namespace Dotkube.Machinery.Patching;

/// <summary>
/// What strategic merge knows about the value at one place in an object: the model class there
/// (for its fields' patch facts), the value type of a map, or nothing (free-form or unknown).
/// </summary>
internal sealed class StrategicMergeSchema
{
    public static readonly StrategicMergeSchema Unknown = new(null, null);

    private readonly Type? _model;
    private readonly StrategicMergeSchema? _mapValues;

    private StrategicMergeSchema(Type? model, StrategicMergeSchema? mapValues)
    {
        _model = model;
        _mapValues = mapValues;
    }

    public static StrategicMergeSchema For(Type? model) => model is null ? Unknown : new StrategicMergeSchema(model, null);

    /// <summary>The facts of a field and the schema of its value (for lists: of each item).</summary>
    public (PatchFact? Fact, StrategicMergeSchema Child) Lookup(string key)
    {
        if (_mapValues is not null)
        {
            return (null, _mapValues);
        }
        if (_model is null || PatchFacts.GetField(_model, key) is not { } field)
        {
            return (null, Unknown);
        }
        var child = field.Kind switch
        {
            ModelFieldKind.Map => new StrategicMergeSchema(null, For(field.ModelType)),
            _ => For(field.ModelType),
        };
        return (PatchFacts.Lookup(_model, key), child);
    }
}

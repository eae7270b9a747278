using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Selectors;

namespace Dotkube.ApiServer.Http;

/// <summary>A list/watch filter from labelSelector and fieldSelector, validated as upstream does.</summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector? labels;
    private readonly FieldSelector? fields;
    private readonly ResourceDefinition def;

    private ObjectFilter(ResourceDefinition def, LabelSelector? labels, FieldSelector? fields)
    {
        this.def = def;
        this.labels = labels;
        this.fields = fields;
    }

    public bool IsEverything => labels is null && fields is null;

    /// <summary>Parses both selectors; unknown field-selector fields are refused as upstream does.</summary>
    public static ObjectFilter Build(ResourceDefinition def, string labelSelector, string fieldSelector, string ns)
    {
        LabelSelector? ls = null;
        FieldSelector? fs = null;
        if (labelSelector.Length > 0)
        {
            try
            {
                ls = LabelSelector.Parse(labelSelector);
            }
            catch (FormatException e)
            {
                throw StatusException.BadRequest(e.Message);
            }
        }
        if (fieldSelector.Length > 0)
        {
            try
            {
                fs = FieldSelector.Parse(fieldSelector);
            }
            catch (FormatException e)
            {
                throw StatusException.BadRequest(e.Message);
            }
            var supported = SupportedFields(def);
            foreach (var r in fs.Requirements)
            {
                if (!supported.Contains(r.Field))
                {
                    throw StatusException.BadRequest($"field label not supported: {r.Field}");
                }
            }
        }
        return new ObjectFilter(def, ls is { IsEmpty: false } ? ls : null, fs);
    }

    public bool Matches(JsonObject obj)
    {
        if (labels is not null && !labels.Matches(ObjectJson.Labels(obj)))
        {
            return false;
        }
        return fields is null || fields.Matches(FieldAttributes(def, obj));
    }

    public static Dictionary<string, string> FieldAttributes(ResourceDefinition def, JsonObject obj)
    {
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = ObjectJson.Name(obj),
        };
        if (def.Namespaced)
        {
            attrs["metadata.namespace"] = ObjectJson.Namespace(obj);
        }
        def.Strategy.AddFieldSelectorAttributes(obj, attrs);
        return attrs;
    }

    /// <summary>The field names a resource can be selected by: generic ones plus the strategy's.</summary>
    private static HashSet<string> SupportedFields(ResourceDefinition def)
    {
        var empty = new JsonObject { ["metadata"] = new JsonObject() };
        return [.. FieldAttributes(def, empty).Keys, "metadata.namespace"];
    }
}

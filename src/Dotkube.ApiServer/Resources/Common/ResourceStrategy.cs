using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// Sensible defaults for a resource strategy; each built-in resource overrides only what differs.
/// </summary>
public abstract class ResourceStrategy : IResourceStrategy
{
    public virtual bool HasStatus => false;

    public virtual bool TracksGeneration => HasStatus;

    public virtual IReadOnlyList<string> ValidateName(string name) => NameValidation.IsDns1123Subdomain(name);

    public virtual void Default(JsonObject obj)
    {
    }

    /// <summary>Clients may not set status on create for resources that have a status subresource.</summary>
    public virtual void PrepareForCreate(JsonObject obj)
    {
        MarkEmbeddedObjectMetas(obj);
        if (HasStatus)
        {
            obj.Remove("status");
        }
    }

    /// <summary>The main resource never changes status when there is a /status subresource.</summary>
    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        MarkEmbeddedObjectMetas(obj);
        if (HasStatus)
        {
            obj.Remove("status");
            if (old["status"] is { } status)
            {
                obj["status"] = status.DeepClone();
            }
        }
    }

    /// <summary>
    /// Templates this kind embeds (objects holding an ObjectMeta by value), which get upstream's
    /// <c>creationTimestamp: null</c>; see <see cref="EmbeddedObjectMeta"/>.
    /// </summary>
    protected virtual IEnumerable<JsonObject?> EmbeddedTemplates(JsonObject obj) => [];

    private void MarkEmbeddedObjectMetas(JsonObject obj)
    {
        foreach (var template in EmbeddedTemplates(obj))
        {
            EmbeddedObjectMeta.MarkZeroCreationTimestamp(template);
        }
    }

    public virtual IReadOnlyList<FieldError> Validate(JsonObject obj) => [];

    public virtual IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);

    public virtual IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old) => [];

    public virtual IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.NameColumn, TableColumn.AgeColumn];

    public virtual void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes)
    {
    }
}

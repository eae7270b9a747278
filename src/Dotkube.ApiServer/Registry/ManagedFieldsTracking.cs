using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// Builds the field manager for a resource and records writes in managedFields, as upstream's
/// create/update handlers do (after defaulting, before the strategy prepares the object).
/// </summary>
public static class ManagedFieldsTracking
{
    /// <summary>
    /// The apply schema of a resource in a version: its client model class, the schema its strategy
    /// builds (custom resources: from the CRD's structural schema), or a deduced schema.
    /// </summary>
    public static TypeSchema SchemaFor(ResourceDefinition def, string version) =>
        def.ModelTypes.TryGetValue(version, out var model) ? TypeSchema.ForModel(model)
        : (def.Strategy as IApplySchemaSource)?.ApplySchema(version) ?? TypeSchema.Deduced;

    /// <summary>
    /// Fields a strategy resets through this (sub)resource, so that nobody owns them there:
    /// status through the main resource when the resource has a status subresource; everything
    /// but status through /status.
    /// </summary>
    public static FieldSet ResetFields(ResourceDefinition def, string subresource) => subresource switch
    {
        "status" => FieldSet.Of(FieldPath.Of("spec"), FieldPath.Of("metadata")),
        "" when def.Strategy.HasStatus => FieldSet.Of(FieldPath.Of("status")),
        _ => FieldSet.Empty,
    };

    public static FieldManager ManagerFor(ResourceDefinition def, string version, string subresource) =>
        new(SchemaFor(def, version), def.GroupVersion(version), subresource, ResetFields(def, subresource));

    /// <summary>Records a create (old null) or update in <paramref name="obj"/>; objects here are in the storage version.</summary>
    public static void Track(ResourceDefinition def, JsonObject? old, JsonObject obj, string subresource, WriteOptions options, DateTimeOffset now)
    {
        if (options.FieldManager is not { } manager || options.ManagedFieldsDone)
        {
            return;
        }
        var slash = def.StorageApiVersion.IndexOf('/');
        var storageVersion = slash < 0 ? def.StorageApiVersion : def.StorageApiVersion[(slash + 1)..];
        var fieldManager = new FieldManager(
            SchemaFor(def, storageVersion), options.ApiVersion ?? def.StorageApiVersion, subresource, ResetFields(def, subresource));
        try
        {
            fieldManager.Update(old, obj, manager, now);
        }
        catch (ApplySchemaException)
        {
            // Upstream's UpdateNoErrors: an object that does not fit its schema loses its managedFields
            // (validation refuses it next anyway).
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
        }
    }
}

namespace Dotkube.Machinery.Apply;

/// <summary>
/// Field ownership through the <c>/scale</c> subresource, as upstream's ScaleHandler moves it: a
/// Scale (autoscaling/v1) shows the parent's owners of its replicas field as owners of
/// <c>.spec.replicas</c>, and what a write through the Scale decides is carried back to the
/// parent, where the new owners of the replicas take it from the old.
/// </summary>
public static class ScaleManagedFields
{
    public const string ScaleApiVersion = "autoscaling/v1";

    private static readonly FieldPath ReplicasInScale = FieldPath.Of("spec", "replicas");

    /// <summary>The Scale's entries: one per parent entry owning <paramref name="replicasPath"/>, owning the Scale's replicas.</summary>
    public static List<ManagedFieldsEntry> ToSubresource(IReadOnlyList<ManagedFieldsEntry> parent, FieldPath replicasPath) =>
        [.. parent.Where(e => e.Fields.Has(replicasPath)).Select(e => new ManagedFieldsEntry
        {
            Manager = e.Manager,
            Operation = e.Operation,
            Subresource = e.Subresource,
            Time = e.Time,
            ApiVersion = ScaleApiVersion,
            Fields = FieldSet.Of(ReplicasInScale),
        })];

    /// <summary>
    /// The parent's entries after a write through the Scale that left <paramref name="scale"/>:
    /// parent entries that own the replicas and are no longer owners in the Scale lose them (and
    /// go when nothing is left); the Scale's owners of the replicas own the parent's replicas
    /// under <paramref name="parentApiVersion"/> (keeping the parent entry's time, if it had one).
    /// </summary>
    public static List<ManagedFieldsEntry> ToParent(IReadOnlyList<ManagedFieldsEntry> parent, IReadOnlyList<ManagedFieldsEntry> scale,
        FieldPath replicasPath, string parentApiVersion)
    {
        var scaleById = scale.ToDictionary(e => e.Identifier, StringComparer.Ordinal);
        var result = new List<ManagedFieldsEntry>();
        foreach (var entry in parent)
        {
            if (!entry.Fields.Has(replicasPath))
            {
                result.Add(entry);
                continue;
            }
            if (scaleById.Remove(entry.Identifier))
            {
                // Still an owner of the replicas through the Scale: the entry stays as it is.
                result.Add(entry);
                continue;
            }
            var rest = entry.Fields.Difference(FieldSet.Of(replicasPath));
            if (!rest.IsEmpty)
            {
                result.Add(new ManagedFieldsEntry
                {
                    Manager = entry.Manager,
                    Operation = entry.Operation,
                    Subresource = entry.Subresource,
                    Time = entry.Time,
                    ApiVersion = entry.ApiVersion,
                    Fields = rest,
                });
            }
        }
        var parentTimes = parent.GroupBy(e => e.Identifier, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Time, StringComparer.Ordinal);
        foreach (var entry in scale.Where(e => scaleById.ContainsKey(e.Identifier) && e.Fields.Has(ReplicasInScale)))
        {
            result.Add(new ManagedFieldsEntry
            {
                Manager = entry.Manager,
                Operation = entry.Operation,
                Subresource = entry.Subresource,
                // Upstream takes the time the parent had for this manager: none for a new one.
                Time = parentTimes.GetValueOrDefault(entry.Identifier),
                ApiVersion = parentApiVersion,
                Fields = FieldSet.Of(replicasPath),
            });
        }
        return result;
    }

    /// <summary>A replicas path as a CustomResourceDefinition writes it (<c>.spec.replicas</c>) as a field path.</summary>
    public static FieldPath PathOf(string jsonPath) =>
        FieldPath.Of(jsonPath.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries));
}

namespace Dotkube.Machinery.Apply;

/// <summary>One field an apply would change that another manager owns.</summary>
/// <param name="Manager">The other manager's identifier (see <see cref="ManagedFieldsEntry.Identifier"/>).</param>
public sealed record ApplyConflict(string Manager, FieldPath Path);

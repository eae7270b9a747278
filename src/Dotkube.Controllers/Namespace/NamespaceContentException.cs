namespace Dotkube.Controllers.Namespace;

/// <summary>Some of a namespace's content could not be discovered or deleted in this pass; the key is retried with backoff.</summary>
public sealed class NamespaceContentException(string ns, IReadOnlyList<string> errors)
    : Exception($"deletion of namespace {ns} failed: [{string.Join(", ", errors)}]")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

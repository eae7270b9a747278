namespace Dotkube.Client.Informers;

/// <summary>
/// A list or watch that failed; the informer retries after <see cref="RetryIn"/>. Raised on every
/// failure, so a cache that is falling behind is never silent.
/// </summary>
public sealed record InformerFailure(ResourceType Resource, string Operation, Exception Error, int ConsecutiveFailures, TimeSpan RetryIn);

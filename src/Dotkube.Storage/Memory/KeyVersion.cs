namespace Dotkube.Storage.Memory;

/// <summary>One stored version of a key; a tombstone marks its deletion.</summary>
internal readonly record struct KeyVersion(long ModRevision, long CreateRevision, ReadOnlyMemory<byte> Value, bool IsTombstone);

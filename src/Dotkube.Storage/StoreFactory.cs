using Dotkube.Storage.Memory;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Storage;

/// <summary>Opens the backend named by the server's <c>--datastore</c> flag.</summary>
public static class StoreFactory
{
    /// <summary>The SQLite database's file name inside the data directory.</summary>
    public const string SqliteFileName = "state.db";

    public static IReadOnlyList<string> Datastores { get; } = ["sqlite", "memory"];

    /// <summary>
    /// Opens <paramref name="datastore"/>: "sqlite" (the file <see cref="SqliteFileName"/> in
    /// <paramref name="dataDir"/>, created if missing) or "memory" (nothing persists).
    /// </summary>
    /// <exception cref="ArgumentException">the datastore is not one of <see cref="Datastores"/>.</exception>
    public static IRevisionedStore Open(string datastore, string dataDir, StoreOptions? options = null) => datastore switch
    {
        "sqlite" => SqliteStore.Open(Path.Combine(dataDir, SqliteFileName), options),
        "memory" => new MemoryStore(options),
        // "etcd" goes here once Etcd/ exists.
        _ => throw new ArgumentException(
            $"unknown datastore \"{datastore}\"; supported: {string.Join(", ", Datastores)}", nameof(datastore)),
    };
}

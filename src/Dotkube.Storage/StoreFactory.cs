using Dotkube.Storage.Etcd;
using Dotkube.Storage.Memory;
using Dotkube.Storage.Sqlite;

namespace Dotkube.Storage;

/// <summary>Opens the backend named by the server's <c>--datastore</c> flag.</summary>
public static class StoreFactory
{
    /// <summary>The SQLite database's file name inside the data directory.</summary>
    public const string SqliteFileName = "state.db";

    /// <summary>The accepted forms of <c>--datastore</c>, for help texts and errors.</summary>
    public static IReadOnlyList<string> Datastores { get; } = ["sqlite", "memory", "sqlite://PATH", "etcd://HOST:PORT[,HOST:PORT...]"];

    /// <summary>Same as <see cref="OpenAsync"/>, for callers that cannot wait asynchronously.</summary>
    public static IRevisionedStore Open(string datastore, string dataDir, StoreOptions? options = null, EtcdTls? tls = null) =>
        OpenAsync(datastore, dataDir, options, tls).GetAwaiter().GetResult();

    /// <summary>
    /// Opens <paramref name="datastore"/>: "sqlite" (the file <see cref="SqliteFileName"/> in
    /// <paramref name="dataDir"/>, created if missing), "sqlite://PATH" (that database file), "memory"
    /// (nothing persists) or "etcd://HOST:PORT[,HOST:PORT…]" (an etcd v3 cluster; <paramref name="tls"/>
    /// gives the client certificate flags).
    /// </summary>
    /// <exception cref="ArgumentException">the datastore is not one of <see cref="Datastores"/>.</exception>
    public static async Task<IRevisionedStore> OpenAsync(
        string datastore, string dataDir, StoreOptions? options = null, EtcdTls? tls = null, CancellationToken cancellationToken = default)
    {
        var kind = Parse(datastore, dataDir);
        return kind switch
        {
            { Kind: "sqlite" } => SqliteStore.Open(kind.Target, options),
            { Kind: "memory" } => new MemoryStore(options),
            _ => await EtcdStore.OpenAsync(EtcdOptionsFor(datastore, tls), options, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The etcd connection settings of an etcd:// datastore with the given TLS files.</summary>
    /// <exception cref="ArgumentException">the URI or the combination of files is invalid.</exception>
    public static EtcdOptions EtcdOptionsFor(string datastore, EtcdTls? tls)
    {
        try
        {
            return EtcdOptions.Parse(datastore, tls?.CaFile, tls?.CertFile, tls?.KeyFile);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, nameof(datastore), e);
        }
    }

    /// <summary>Checks a <c>--datastore</c> value without opening it; null when it is well-formed, else what is wrong.</summary>
    public static string? Validate(string datastore)
    {
        try
        {
            Parse(datastore, ".");
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>The backend a datastore names, and its file (sqlite) or URI (etcd).</summary>
    /// <exception cref="ArgumentException">the datastore is none of <see cref="Datastores"/>.</exception>
    public static (string Kind, string Target) Parse(string datastore, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        const string sqliteUri = "sqlite://";
        if (datastore == "sqlite")
        {
            return ("sqlite", Path.Combine(dataDir, SqliteFileName));
        }

        if (datastore == "memory")
        {
            return ("memory", "");
        }

        if (datastore.StartsWith(sqliteUri, StringComparison.Ordinal) && datastore.Length > sqliteUri.Length)
        {
            return ("sqlite", datastore[sqliteUri.Length..]);
        }

        if (datastore.StartsWith(EtcdOptions.Scheme + "://", StringComparison.Ordinal))
        {
            try
            {
                EtcdOptions.Parse(datastore);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, nameof(datastore), e);
            }

            return (EtcdOptions.Scheme, datastore);
        }

        throw new ArgumentException(
            $"unknown datastore \"{datastore}\"; supported: {string.Join(", ", Datastores)}", nameof(datastore));
    }
}

using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Dotkube.Bench.Storage;

/// <summary>
/// The machine's own limits for SQLite, with nothing of ours in between: the baselines the store is
/// measured against.
/// </summary>
internal static class RawSqlite
{
    /// <summary>Durable single-row inserts: WAL, synchronous=FULL, one transaction (one fsync) per insert.</summary>
    public static (double OpsPerSecond, double P50Ms, double P99Ms) DurableInserts(string path, byte[] value, double seconds)
    {
        using var connection = Open(path);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (key, value) VALUES ($key, $value)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        insert.Parameters.Add("$value", SqliteType.Blob).Value = value;
        insert.Prepare();

        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var n = 0;
        while (total.Elapsed < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            key.Value = $"/raw/{n++:D9}";
            insert.ExecuteNonQuery(); // autocommit: its own transaction
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (n / total.Elapsed.TotalSeconds, Dotkube.Bench.Stats.Quantile(latencies, 0.5), Dotkube.Bench.Stats.Quantile(latencies, 0.99));
    }

    /// <summary>Fills a table with <paramref name="count"/> rows, then times reading them all in key order.</summary>
    public static double SelectAllMs(string path, int count, byte[] value, int runs)
    {
        using var connection = Open(path);
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO t (key, value) VALUES ($key, $value)";
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            insert.Parameters.Add("$value", SqliteType.Blob).Value = value;
            for (var i = 0; i < count; i++)
            {
                key.Value = $"/raw/{i:D9}";
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT key, value FROM t ORDER BY key";
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var rows = new List<(string, byte[])>(count);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (rows.Count != count)
            {
                throw new InvalidOperationException($"read {rows.Count} rows, wrote {count}");
            }
        }

        return Dotkube.Bench.Stats.Quantile(times, 0.5);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS t_key ON t (key);
            """;
        setup.ExecuteNonQuery();
        return connection;
    }
}

using Microsoft.Data.Sqlite;

namespace Dotkube.Storage.Sqlite;

/// <summary>Consistent copies of a SQLite store's file, safe to take while a server writes to it.</summary>
public static class SqliteSnapshot
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Copies the database at <paramref name="databasePath"/> into the new file <paramref name="snapshotPath"/>
    /// with VACUUM INTO: it reads one snapshot of the database (WAL lets the server's writer go on meanwhile)
    /// and writes it compacted, history and revisions included.
    /// </summary>
    /// <exception cref="IOException">the snapshot file exists already.</exception>
    public static void Save(string databasePath, string snapshotPath)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no SQLite datastore at {databasePath}", databasePath);
        }

        if (File.Exists(snapshotPath))
        {
            throw new IOException($"{snapshotPath} exists; a snapshot never overwrites a file");
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; VACUUM INTO $path";
        command.Parameters.AddWithValue("$path", Path.GetFullPath(snapshotPath));
        command.ExecuteNonQuery();
    }

    /// <summary>True when <paramref name="path"/> is a SQLite database file.</summary>
    public static bool Detect(string path)
    {
        Span<byte> head = stackalloc byte[16];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Header);
    }
}

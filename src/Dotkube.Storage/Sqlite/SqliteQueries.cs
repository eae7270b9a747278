namespace Dotkube.Storage.Sqlite;

/// <summary>
/// Read statements. Range reads come in two shapes, with and without an upper key bound (an empty
/// prefix has none), because an "OR $end IS NULL" would keep SQLite from using the bound in the index.
/// </summary>
internal static class SqliteQueries
{
    public const string GetCurrent = """
        SELECT l.create_revision, l.revision, l.value FROM current c JOIN log l ON l.revision = c.revision WHERE c.key = $key
        """;

    public const string GetAtRevision = """
        SELECT create_revision, revision, deleted, value FROM log
        WHERE key = $key AND revision <= $rev ORDER BY revision DESC LIMIT 1
        """;

    public static readonly RangeQueries Bounded = new("AND {0} < $end");

    public static readonly RangeQueries Unbounded = new("");

    public static RangeQueries For(string? end) => end is null ? Unbounded : Bounded;

    /// <summary>The statements of one shape; <c>{0}</c> in the bound is the key column.</summary>
    internal sealed class RangeQueries
    {
        public RangeQueries(string bound)
        {
            string Range(string column) =>
                $"{column} >= $prefix AND {column} > $after {string.Format(System.Globalization.CultureInfo.InvariantCulture, bound, column)}";

            ListCurrent = $"""
                SELECT c.key, l.create_revision, l.revision, l.value FROM current c JOIN log l ON l.revision = c.revision
                WHERE {Range("c.key")} ORDER BY c.key LIMIT $limit
                """;
            CountCurrent = $"SELECT count(*) FROM current c WHERE {Range("c.key")}";

            // The newest version of each key at $rev, skipping keys whose newest version is a tombstone.
            var atRevision = $"""
                (SELECT max(revision) AS revision FROM log WHERE {Range("key")} AND revision <= $rev GROUP BY key) m
                JOIN log l ON l.revision = m.revision WHERE l.deleted = 0
                """;
            ListAtRevision = $"SELECT l.key, l.create_revision, l.revision, l.value FROM {atRevision} ORDER BY l.key LIMIT $limit";
            CountAtRevision = $"SELECT count(*) FROM {atRevision}";

            History = $"""
                SELECT l.revision, l.key, l.create_revision, l.prev_revision, l.deleted, l.value, p.create_revision, p.value
                FROM log l LEFT JOIN log p ON p.revision = l.prev_revision AND l.prev_revision > 0
                WHERE l.revision > $after_rev AND l.revision <= $upto AND {Range("l.key")}
                ORDER BY l.revision LIMIT $limit
                """;
        }

        public string ListCurrent { get; }

        public string CountCurrent { get; }

        public string ListAtRevision { get; }

        public string CountAtRevision { get; }

        public string History { get; }
    }
}

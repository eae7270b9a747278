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
            PrefixState = $"SELECT count(*), ifnull(max(CASE WHEN c.revision > $since THEN c.revision END), 0) FROM current c WHERE {Range("c.key")}";

            // The version of each key visible at $rev: at or below it with no newer one at or below it,
            // unless that version is a tombstone. Written as NOT EXISTS so SQLite walks the key index in
            // order and stops at the limit, which keeps paging at a past revision cheap.
            var atRevision = $"""
                log l WHERE {Range("l.key")} AND l.revision <= $rev AND l.deleted = 0
                AND NOT EXISTS (SELECT 1 FROM log n WHERE n.key = l.key AND n.revision > l.revision AND n.revision <= $rev)
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

        /// <summary>The live keys' count and the newest mod revision after $since (0 when none).</summary>
        public string PrefixState { get; }

        public string ListAtRevision { get; }

        public string CountAtRevision { get; }

        public string History { get; }
    }
}

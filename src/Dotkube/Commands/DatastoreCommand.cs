using System.CommandLine;
using Dotkube.Storage;
using Dotkube.Storage.Transfer;

namespace Dotkube.Commands;

/// <summary>
/// <c>dotkube datastore snapshot save|restore FILE</c> and <c>dotkube datastore migrate --from URI --to URI</c>:
/// backups and moves between SQLite, etcd and back.
/// </summary>
public static class DatastoreCommand
{
    public static Command Create()
    {
        var command = new Command("datastore", "Back up, restore and migrate the datastore");
        var snapshot = new Command("snapshot", "Save or restore a snapshot of the datastore");
        snapshot.Subcommands.Add(Save());
        snapshot.Subcommands.Add(Restore());
        command.Subcommands.Add(snapshot);
        command.Subcommands.Add(Migrate());
        return command;
    }

    private static Command Save()
    {
        var (file, dataDir, datastore, etcd) = Common("Snapshot file to write (never overwritten)");
        var command = new Command("save", "Write a consistent snapshot (SQLite: while the server runs; etcd: the member's database via the Snapshot RPC)")
        {
            file, dataDir, datastore, etcd.CaFile, etcd.CertFile, etcd.KeyFile,
        };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var format = await Snapshots.SaveAsync(parse.GetValue(datastore)!, Path.GetFullPath(parse.GetValue(dataDir)!), etcd.Read(parse), path, ct);
            Console.WriteLine($"saved {format} snapshot to {path} ({new FileInfo(path).Length} bytes)");
        }));
        return command;
    }

    private static Command Restore()
    {
        var (file, dataDir, datastore, etcd) = Common("Snapshot file to restore (SQLite or etcd)");
        var command = new Command("restore", "Restore a snapshot into a new SQLite datastore or an empty etcd cluster")
        {
            file, dataDir, datastore, etcd.CaFile, etcd.CertFile, etcd.KeyFile,
        };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var keys = await Snapshots.RestoreAsync(path, parse.GetValue(datastore)!, Path.GetFullPath(parse.GetValue(dataDir)!), etcd.Read(parse), ct);
            Console.WriteLine($"restored {keys} keys from {path}");
        }));
        return command;
    }

    private static Command Migrate()
    {
        var from = DatastoreOptions.Datastore("Datastore to copy from (sqlite, sqlite://PATH or etcd://...); no server may be writing to it", "--from");
        var to = DatastoreOptions.Datastore("Empty datastore to copy into (sqlite, sqlite://PATH or etcd://...)", "--to");
        from.Required = true;
        to.Required = true;
        var dataDir = DataDir();
        var etcd = new DatastoreOptions.EtcdFlags();
        var command = new Command("migrate", "Copy every object from one datastore into another, empty one (objects get new resourceVersions)")
        {
            from, to, dataDir, etcd.CaFile, etcd.CertFile, etcd.KeyFile,
        };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var keys = await Snapshots.MigrateAsync(parse.GetValue(from)!, parse.GetValue(to)!, Path.GetFullPath(parse.GetValue(dataDir)!), etcd.Read(parse), ct);
            Console.WriteLine($"migrated {keys} keys; clients holding old resourceVersions get 410 Gone and re-list");
        }));
        return command;
    }

    private static (Argument<string> File, Option<string> DataDir, Option<string> Datastore, DatastoreOptions.EtcdFlags Etcd) Common(string fileDescription)
    {
        var datastore = DatastoreOptions.Datastore("The datastore: sqlite (default, in --data-dir), sqlite://PATH or etcd://HOST:PORT[,HOST:PORT...]");
        datastore.DefaultValueFactory = _ => "sqlite";
        return (new Argument<string>("FILE") { Description = fileDescription }, DataDir(), datastore, new DatastoreOptions.EtcdFlags());
    }

    private static Option<string> DataDir() => new("--data-dir")
    {
        Description = "The server's data directory (where the sqlite datastore lives)",
        DefaultValueFactory = _ => "./.dotkube",
    };

    /// <summary>Runs an action, turning the refusals users can fix into one line on stderr and exit code 1.</summary>
    private static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or InvalidDataException or StorageException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}

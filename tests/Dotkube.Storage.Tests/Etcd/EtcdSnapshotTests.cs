using System.Text;
using Dotkube.Storage.Etcd;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>etcd's Snapshot RPC, and reading the live keys back out of the snapshot file.</summary>
public sealed class EtcdSnapshotTests(EtcdServerPool pool) : IClassFixture<EtcdServerPool>
{
    [Theory]
    [InlineData(10, false)]
    [InlineData(1500, false)]
    [InlineData(1500, true)]
    public async Task A_saved_snapshot_holds_exactly_the_live_keys_and_values(int keys, bool compactFirst)
    {
        await using var server = await pool.TakeAsync();
        await using var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
        using var directory = new TempDirectory();
        // Enough keys and bytes for branch and overflow pages in the snapshot's B+tree.
        await Parallel.ForAsync(0, keys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            await store.CreateAsync($"/registry/configmaps/ns{i % 7}/cm-{i:D5}", Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), i % 300)), ct));

        var updated = await store.GetAsync("/registry/configmaps/ns0/cm-00000");
        await store.UpdateAsync(updated!.Key, "\u00e9t\u00e9 \u2603"u8.ToArray(), updated.ModRevision);
        await store.DeleteAsync("/registry/configmaps/ns1/cm-00001");
        await store.CreateAsync("/registry/secrets/default/big", new byte[200_000]);
        if (compactFirst)
        {
            await store.CompactAsync(store.CurrentRevision - 1);
        }

        var path = directory.File("etcd.snapshot");
        await using (var output = File.Create(path))
        {
            await store.SaveSnapshotAsync(output);
        }

        var (live, revision) = EtcdSnapshotFile.ReadLive(path);
        var expected = (await store.ListAsync("", new ListOptions())).Items;

        Assert.True(EtcdSnapshotFile.Detect(path));
        Assert.Equal(store.CurrentRevision, revision);
        Assert.Equal(expected.Select(Describe), live.Select(Describe));
    }

    [Fact]
    public async Task A_damaged_snapshot_is_refused()
    {
        await using var server = await pool.TakeAsync();
        await using var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
        using var directory = new TempDirectory();
        await store.CreateAsync("/registry/pods/default/a", "x"u8.ToArray());
        var path = directory.File("etcd.snapshot");
        await using (var output = File.Create(path))
        {
            await store.SaveSnapshotAsync(output);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => EtcdSnapshotFile.ReadLive(path));
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    private static string Describe(KeyValue kv) =>
        $"{kv.Key} {kv.CreateRevision} {kv.ModRevision} {Convert.ToHexString(kv.Value.Span)}";
}

using System.Text;
using Dotkube.Storage.Compaction;
using Dotkube.Storage.Etcd;

namespace Dotkube.Storage.Tests.Etcd;

/// <summary>What the contract does not cover: several servers on one cluster, etcd's own limits and failures, TLS.</summary>
public sealed class EtcdClusterTests(EtcdServerPool pool) : IClassFixture<EtcdServerPool>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_write_through_one_server_is_seen_by_the_gets_lists_and_watches_of_another()
    {
        await using var server = await pool.TakeAsync();
        await using var a = await Open(server);
        await using var b = await Open(server);
        using var cts = new CancellationTokenSource(Timeout);
        var watch = b.WatchAsync("/registry/pods/", b.CurrentRevision, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();

        var created = await a.CreateAsync("/registry/pods/default/p", "v1"u8.ToArray());

        Assert.True(await next);
        Assert.Equal((created.ModRevision, true), (watch.Current.Revision, watch.Current.IsCreate));
        Assert.Equal(created.ModRevision, (await b.GetAsync("/registry/pods/default/p"))!.ModRevision);
        Assert.Equal(created.ModRevision, (await b.ListAsync("/registry/pods/", new ListOptions())).Revision);
        Assert.Equal(created.ModRevision, b.CurrentRevision);
        await Assert.ThrowsAsync<RevisionConflictException>(() => b.UpdateAsync("/registry/pods/default/p", "v2"u8.ToArray(), created.ModRevision - 1));
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Of_two_servers_claiming_a_compaction_round_only_the_first_compacts()
    {
        await using var server = await pool.TakeAsync();
        await using var a = await Open(server);
        await using var b = await Open(server);
        for (var i = 0; i < 10; i++)
        {
            await a.CreateAsync($"/k/{i}", "x"u8.ToArray());
        }

        var options = new CompactorOptions(TimeSpan.FromMinutes(1), RetainRevisions: 2, RetainDuration: TimeSpan.Zero);
        var first = await new StoreCompactor(a, options).CompactOnceAsync();
        await b.RefreshAsync(); // b sees the new revisions, so it has something to compact too
        var second = await new StoreCompactor(b, options).CompactOnceAsync();

        Assert.NotNull(first);
        Assert.Null(second); // b found the claim key changed since it last looked: a compacted this round
        Assert.Equal(first, b.CompactedRevision);
        Assert.True(await b.TryClaimCompactionAsync(b.CurrentRevision)); // b has now seen a's claim, so the next round may be b's
        Assert.False(await a.TryClaimCompactionAsync(a.CurrentRevision));
    }

    [Fact]
    public async Task A_server_learns_of_a_compaction_another_server_made()
    {
        await using var server = await pool.TakeAsync();
        await using var a = await Open(server);
        await using var b = await Open(server);
        for (var i = 0; i < 10; i++)
        {
            await a.CreateAsync($"/k/{i}", "x"u8.ToArray());
        }

        var old = a.CurrentRevision - 5;
        await a.CompactAsync(a.CurrentRevision - 2);
        await b.RefreshAsync();

        var get = await Assert.ThrowsAsync<CompactedException>(() => b.GetAsync("/k/1", old));
        Assert.Equal((old, a.CurrentRevision - 2), (get.Requested, get.Compacted));
        Assert.Equal(a.CompactedRevision, b.CompactedRevision);
    }

    [Fact]
    public async Task A_watch_older_than_a_compaction_it_did_not_know_of_fails_with_compacted()
    {
        await using var server = await pool.TakeAsync();
        await using var a = await Open(server);
        await using var b = await Open(server);
        for (var i = 0; i < 10; i++)
        {
            await a.CreateAsync($"/k/{i}", "x"u8.ToArray());
        }

        await a.CompactAsync(a.CurrentRevision - 2);
        using var cts = new CancellationTokenSource(Timeout);

        var e = await Assert.ThrowsAsync<CompactedException>(async () =>
        {
            await foreach (var item in b.WatchAsync("/k/", 1, cts.Token))
            {
                Assert.Fail($"got {item.Revision}");
            }
        });
        Assert.Equal(a.CompactedRevision, e.Compacted);
    }

    [Theory]
    [InlineData(1_600_000)] // over etcd's --max-request-bytes, under its gRPC receive limit
    [InlineData(2_500_000)] // over both
    public async Task A_value_etcd_itself_refuses_as_too_large_is_value_too_large(int size)
    {
        await using var server = await pool.TakeAsync();
        // A client that believes the members take 4 MiB: only etcd's own refusal stops the write.
        await using var store = await EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore) with { MaxRequestBytes = 4 * 1024 * 1024 });

        var e = await Assert.ThrowsAsync<ValueTooLargeException>(() => store.CreateAsync("/registry/configmaps/default/big", new byte[size]));

        Assert.Equal(size, e.Size);
        Assert.Null(await store.GetAsync("/registry/configmaps/default/big"));
    }

    [Fact]
    public async Task The_default_limit_refuses_a_value_over_one_and_a_half_mebibytes_before_sending_it()
    {
        await using var server = await pool.TakeAsync();
        await using var store = await Open(server);

        var e = await Assert.ThrowsAsync<ValueTooLargeException>(() => store.CreateAsync("/big", new byte[(3 * 512 * 1024) + 1]));

        Assert.Equal(EtcdOptions.DefaultMaxRequestBytes - EtcdOptions.RequestOverheadBytes, e.Limit);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_etcd_unavailable()
    {
        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => EtcdStore.OpenAsync(EtcdOptions.Parse("etcd://127.0.0.1:1")));

        Assert.Equal(Grpc.Core.StatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task Over_tls_a_client_certificate_signed_by_the_ca_is_required()
    {
        using var directory = new TempDirectory();
        var certs = new TestCertificates(directory.Path);
        await using var server = await EtcdServer.StartAsync(tls: new EtcdServerTls(certs.CaFile, certs.ServerCertFile, certs.ServerKeyFile));
        var datastore = server.Datastore;

        await using (var store = (EtcdStore)await StoreFactory.OpenAsync(datastore, ".", tls: new EtcdTls(certs.CaFile, certs.ClientCertFile, certs.ClientKeyFile)))
        {
            await store.CreateAsync("/registry/secrets/default/s", Encoding.UTF8.GetBytes("over tls"));
            Assert.True(store.Options.UseTls);
            Assert.Equal("over tls", Encoding.UTF8.GetString((await store.GetAsync("/registry/secrets/default/s"))!.Value.Span));
        }

        await Assert.ThrowsAsync<EtcdUnavailableException>(() => StoreFactory.OpenAsync(datastore, ".", tls: new EtcdTls(certs.CaFile))); // no client certificate
    }

    private static Task<EtcdStore> Open(EtcdServer server) => EtcdStore.OpenAsync(EtcdOptions.Parse(server.Datastore));
}

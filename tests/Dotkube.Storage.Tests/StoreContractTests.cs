using System.Text;

namespace Dotkube.Storage.Tests;

/// <summary>
/// The contract every backend must meet; each backend runs it through a subclass.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly List<IRevisionedStore> opened = [];

    /// <summary>A new, empty store of the backend under test.</summary>
    protected abstract IRevisionedStore CreateStore(StoreOptions? options = null);

    protected IRevisionedStore Store { get; private set; } = null!;

    /// <summary>
    /// The revision of a new, empty store: 0 for the embedded backends. A fresh etcd cluster starts at
    /// revision 1 (its first write is revision 2), so the etcd run shifts every expected revision by one.
    /// </summary>
    protected virtual long BaseRevision => 0;

    /// <summary>The backend's default value size limit (etcd's is lower than the embedded backends').</summary>
    protected virtual int DefaultMaxValueBytes => StoreOptions.DefaultMaxValueBytes;

    /// <summary>The <paramref name="n"/>-th revision of a new store.</summary>
    protected long R(long n) => BaseRevision + n;

    public Task InitializeAsync()
    {
        Store = Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
    }

    protected IRevisionedStore Open(StoreOptions? options = null)
    {
        var store = CreateStore(options);
        opened.Add(store);
        return store;
    }

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(KeyValue kv) => Encoding.UTF8.GetString(kv.Value.Span);

    [Fact]
    public async Task A_new_store_is_at_its_base_revision_with_nothing_compacted()
    {
        Assert.Equal(R(0), Store.CurrentRevision);
        Assert.Equal(0, Store.CompactedRevision);
        Assert.Null(await Store.GetAsync("/a"));
        Assert.Empty((await Store.ListAsync("/", new ListOptions())).Items);
    }

    [Fact]
    public async Task A_prefix_state_counts_live_keys_and_names_the_newest_modification_after_a_revision()
    {
        var reader = Assert.IsAssignableFrom<IPrefixStateReader>(Store);
        await Store.CreateAsync("/p/a", V("1"));                      // R(1)
        var b = await Store.CreateAsync("/p/b", V("2"));              // R(2)
        await Store.CreateAsync("/q/c", V("3"));                      // R(3), another prefix
        await Store.UpdateAsync("/p/b", V("2b"), b.ModRevision);      // R(4)
        await Store.DeleteAsync("/p/a");                              // R(5)

        var all = await reader.ReadPrefixStateAsync("/p/", 0);
        Assert.Equal(new PrefixState(R(5), 1, R(4)), all);
        // Nothing live under /p/ changed after R(4): only the delete did, which the count shows.
        Assert.Equal(new PrefixState(R(5), 1, 0), await reader.ReadPrefixStateAsync("/p/", R(4)));
        Assert.Equal(new PrefixState(R(5), 0, 0), await reader.ReadPrefixStateAsync("/none/", 0));
    }

    [Fact]
    public async Task Create_stores_the_value_stamped_with_a_new_revision()
    {
        var created = await Store.CreateAsync("/registry/pods/default/a", V("one"));

        Assert.Equal(new KeyValue("/registry/pods/default/a", created.Value, R(1), R(1)), created);
        Assert.Equal(R(1), Store.CurrentRevision);
        var read = await Store.GetAsync("/registry/pods/default/a");
        Assert.NotNull(read);
        Assert.Equal("one", Text(read));
        Assert.Equal((R(1), R(1)), (read.CreateRevision, read.ModRevision));
    }

    [Fact]
    public async Task Creating_an_existing_key_fails_and_uses_no_revision()
    {
        await Store.CreateAsync("/k", V("one"));

        var e = await Assert.ThrowsAsync<KeyExistsException>(() => Store.CreateAsync("/k", V("two")));

        Assert.Equal("/k", e.Key);
        Assert.Equal(R(1), Store.CurrentRevision);
        Assert.Equal("one", Text((await Store.GetAsync("/k"))!));
    }

    [Fact]
    public async Task A_deleted_key_can_be_created_again_with_a_new_create_revision()
    {
        await Store.CreateAsync("/k", V("one"));
        await Store.DeleteAsync("/k");

        var again = await Store.CreateAsync("/k", V("two"));

        Assert.Equal((R(3), R(3)), (again.CreateRevision, again.ModRevision));
    }

    [Fact]
    public async Task An_empty_value_round_trips()
    {
        await Store.CreateAsync("/empty", ReadOnlyMemory<byte>.Empty);

        var read = await Store.GetAsync("/empty");

        Assert.NotNull(read);
        Assert.Equal(0, read.Value.Length);
    }

    [Fact]
    public async Task The_store_keeps_its_own_copy_of_a_written_value()
    {
        var buffer = V("original");
        await Store.CreateAsync("/k", buffer);
        buffer[0] = (byte)'X';

        Assert.Equal("original", Text((await Store.GetAsync("/k"))!));
    }

    [Fact]
    public async Task Every_successful_write_advances_the_revision_by_exactly_one()
    {
        var revisions = new List<long>
        {
            (await Store.CreateAsync("/a", V("1"))).ModRevision,
            (await Store.CreateAsync("/b", V("1"))).ModRevision,
        };
        revisions.Add((await Store.UpdateAsync("/a", V("2"), R(1))).ModRevision);
        await Assert.ThrowsAsync<RevisionConflictException>(() => Store.UpdateAsync("/a", V("3"), R(1)));
        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => Store.DeleteAsync("/missing"));
        revisions.Add((await Store.DeleteAsync("/b")).ModRevision);
        revisions.Add((await Store.CreateAsync("/c", V("1"))).ModRevision);

        Assert.Equal([R(1), R(2), R(3), R(4), R(5)], revisions);
        Assert.Equal(R(5), Store.CurrentRevision);
    }

    [Fact]
    public async Task Get_at_a_past_revision_sees_the_value_of_that_time()
    {
        await Store.CreateAsync("/k", V("v1"));            // 1
        await Store.UpdateAsync("/k", V("v2"), R(1));       // 2
        await Store.CreateAsync("/other", V("x"));          // 3
        await Store.DeleteAsync("/k");                      // 4
        await Store.CreateAsync("/k", V("v3"));             // 5

        Assert.Equal("v1", Text((await Store.GetAsync("/k", R(1)))!));
        Assert.Equal("v2", Text((await Store.GetAsync("/k", R(2)))!));
        Assert.Equal("v2", Text((await Store.GetAsync("/k", R(3)))!));
        Assert.Null(await Store.GetAsync("/k", R(4)));
        var now = await Store.GetAsync("/k", R(5));
        Assert.Equal(("v3", R(5), R(5)), (Text(now!), now!.CreateRevision, now.ModRevision));
        Assert.Null(await Store.GetAsync("/other", R(2)));
    }

    [Fact]
    public async Task Reading_a_future_revision_is_refused()
    {
        await Store.CreateAsync("/k", V("v1"));

        var get = await Assert.ThrowsAsync<FutureRevisionException>(() => Store.GetAsync("/k", R(2)));
        var list = await Assert.ThrowsAsync<FutureRevisionException>(() => Store.ListAsync("/", new ListOptions(Revision: R(5))));

        Assert.Equal((R(2), R(1)), (get.Requested, get.Current));
        Assert.Equal(R(5), list.Requested);
    }

    [Theory]
    [InlineData("/registry/pods/", new[] { "/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c" })]
    [InlineData("/registry/pods/default/", new[] { "/registry/pods/default/a", "/registry/pods/default/b" })]
    [InlineData("/registry/pods", new[] { "/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c", "/registry/podsx/default/d" })]
    [InlineData("/registry/podsx/", new[] { "/registry/podsx/default/d" })]
    [InlineData("/registry/nodes/", new string[0])]
    [InlineData("", new[] { "/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/c", "/registry/podsx/default/d", "/registry/services/default/e" })]
    public async Task List_returns_exactly_the_keys_under_the_prefix_in_key_order(string prefix, string[] expected)
    {
        foreach (var key in new[] { "/registry/services/default/e", "/registry/pods/kube-system/c", "/registry/podsx/default/d", "/registry/pods/default/b", "/registry/pods/default/a" })
        {
            await Store.CreateAsync(key, V(key));
        }

        var result = await Store.ListAsync(prefix, new ListOptions());

        Assert.Equal(expected, result.Items.Select(kv => kv.Key));
        Assert.All(result.Items, kv => Assert.Equal(kv.Key, Text(kv)));
        Assert.Equal(R(5), result.Revision);
        Assert.False(result.More);
        Assert.Equal(expected.Length, await Store.CountAsync(prefix));
    }

    [Fact]
    public async Task List_and_count_skip_deleted_keys()
    {
        await Store.CreateAsync("/p/a", V("a"));
        await Store.CreateAsync("/p/b", V("b"));
        await Store.DeleteAsync("/p/a");

        var result = await Store.ListAsync("/p/", new ListOptions());

        Assert.Equal(["/p/b"], result.Items.Select(kv => kv.Key));
        Assert.Equal(1, await Store.CountAsync("/p/"));
    }

    [Fact]
    public async Task List_with_a_limit_reports_how_many_keys_remain()
    {
        for (var i = 0; i < 7; i++)
        {
            await Store.CreateAsync($"/p/{i:D2}", V($"{i}"));
        }

        var first = await Store.ListAsync("/p/", new ListOptions(Limit: 3));
        var last = await Store.ListAsync("/p/", new ListOptions(Limit: 3, StartKey: "/p/03"));
        var exact = await Store.ListAsync("/p/", new ListOptions(Limit: 7));

        Assert.Equal(["/p/00", "/p/01", "/p/02"], first.Items.Select(kv => kv.Key));
        Assert.Equal((true, 4L), (first.More, first.RemainingCount!.Value));
        Assert.Equal(["/p/04", "/p/05", "/p/06"], last.Items.Select(kv => kv.Key));
        Assert.Equal((false, 0L), (last.More, last.RemainingCount!.Value));
        Assert.False(exact.More);
    }

    [Fact]
    public async Task Paging_at_the_first_page_revision_sees_one_consistent_state_while_writes_go_on()
    {
        for (var i = 0; i < 25; i++)
        {
            await Store.CreateAsync($"/p/{i:D2}", V($"v{i}"));
        }

        var page = await Store.ListAsync("/p/", new ListOptions(Limit: 10));
        var at = page.Revision;
        var seen = page.Items.ToList();
        Assert.Equal(15, page.RemainingCount);

        // Writes after the first page: changes, deletions and new keys both before and after the cursor.
        await Store.UpdateAsync("/p/15", V("changed"), (await Store.GetAsync("/p/15"))!.ModRevision);
        await Store.DeleteAsync("/p/20");
        await Store.DeleteAsync("/p/03");
        await Store.CreateAsync("/p/12a", V("new"));
        await Store.CreateAsync("/p/00a", V("new"));

        var remaining = new List<long?>();
        while (page.More)
        {
            page = await Store.ListAsync("/p/", new ListOptions(Limit: 10, Revision: at, StartKey: seen[^1].Key));
            Assert.Equal(at, page.Revision);
            remaining.Add(page.RemainingCount);
            seen.AddRange(page.Items);
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"/p/{i:D2}"), seen.Select(kv => kv.Key));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"v{i}"), seen.Select(Text));
        Assert.Equal([5L, 0L], remaining);

        var now = await Store.ListAsync("/p/", new ListOptions());
        Assert.Equal(25, now.Items.Count);
        Assert.Contains(now.Items, kv => kv.Key == "/p/12a");
        Assert.DoesNotContain(now.Items, kv => kv.Key == "/p/20");
    }

    [Fact]
    public async Task Update_with_the_current_mod_revision_replaces_the_value()
    {
        var created = await Store.CreateAsync("/k", V("v1"));

        var updated = await Store.UpdateAsync("/k", V("v2"), created.ModRevision);

        Assert.Equal((R(1), R(2)), (updated.CreateRevision, updated.ModRevision));
        Assert.Equal("v2", Text((await Store.GetAsync("/k"))!));
    }

    [Fact]
    public async Task Update_with_a_stale_mod_revision_fails_and_carries_the_current_value()
    {
        var created = await Store.CreateAsync("/k", V("v1"));
        await Store.UpdateAsync("/k", V("v2"), created.ModRevision);

        var e = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.UpdateAsync("/k", V("v3"), created.ModRevision));

        Assert.Equal("/k", e.Key);
        Assert.Equal(("v2", R(1), R(2)), (Text(e.Current), e.Current.CreateRevision, e.Current.ModRevision));
        Assert.Equal(R(2), Store.CurrentRevision);
    }

    [Fact]
    public async Task Update_of_a_missing_or_deleted_key_fails_with_not_found()
    {
        await Store.CreateAsync("/k", V("v1"));
        await Store.DeleteAsync("/k");

        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => Store.UpdateAsync("/k", V("v2"), R(1)));
        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => Store.UpdateAsync("/never", V("v2"), 0));
    }

    [Fact]
    public async Task Delete_returns_the_last_value_stamped_with_the_delete_revision()
    {
        await Store.CreateAsync("/k", V("v1"));
        await Store.UpdateAsync("/k", V("v2"), R(1));

        var deleted = await Store.DeleteAsync("/k", R(2));

        Assert.Equal(("/k", "v2", R(1), R(3)), (deleted.Key, Text(deleted), deleted.CreateRevision, deleted.ModRevision));
        Assert.Null(await Store.GetAsync("/k"));
        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => Store.DeleteAsync("/k"));
    }

    [Fact]
    public async Task Delete_with_a_stale_mod_revision_fails_and_keeps_the_key()
    {
        await Store.CreateAsync("/k", V("v1"));
        await Store.UpdateAsync("/k", V("v2"), R(1));

        var e = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.DeleteAsync("/k", R(1)));

        Assert.Equal(R(2), e.Current.ModRevision);
        Assert.Equal("v2", Text((await Store.GetAsync("/k"))!));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_key_have_exactly_one_winner()
    {
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(() => Store.CreateAsync("/race", V($"w{i}")))).ToArray();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                return (await t).ModRevision;
            }
            catch (KeyExistsException)
            {
                return -1L;
            }
        }));

        Assert.Single(outcomes, r => r > 0);
        Assert.Equal(15, outcomes.Count(r => r == -1));
        Assert.Equal(R(1), Store.CurrentRevision);
    }

    [Fact]
    public async Task Concurrent_updates_from_one_revision_have_one_winner_and_the_losers_fail_alone()
    {
        var kv = await Store.CreateAsync("/cas", V("v0"));

        var updates = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var others = Store.CreateAsync($"/bystander/{i}", V("x")); // shares commits with the updates
            try
            {
                await Store.UpdateAsync("/cas", V($"v{i + 1}"), kv.ModRevision);
                return true;
            }
            catch (RevisionConflictException e)
            {
                Assert.NotEqual(kv.ModRevision, e.Current.ModRevision);
                return false;
            }
            finally
            {
                await others;
            }
        })).ToArray();

        Assert.Single(await Task.WhenAll(updates), won => won);
        Assert.Equal(16, await Store.CountAsync("/bystander/"));
        Assert.Equal(R(18), Store.CurrentRevision);
    }

    [Fact]
    public async Task Concurrent_writers_get_distinct_consecutive_revisions()
    {
        var writes = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var revisions = new List<long>();
            for (var i = 0; i < 25; i++)
            {
                revisions.Add((await Store.CreateAsync($"/c/{w}/{i}", V("x"))).ModRevision);
            }

            return revisions;
        })).ToArray();

        var all = (await Task.WhenAll(writes)).SelectMany(r => r).Order().ToList();

        Assert.Equal(Enumerable.Range(1, 200).Select(i => R(i)), all);
        Assert.Equal(200, await Store.CountAsync("/c/"));
    }

    [Theory]
    [InlineData(100, 100, true)]
    [InlineData(100, 101, false)]
    [InlineData(100, 0, true)]
    public async Task Values_over_the_size_limit_are_refused(int limit, int size, bool accepted)
    {
        var store = Open(new StoreOptions(MaxValueBytes: limit));
        await store.CreateAsync("/ok", V("small"));

        var create = () => store.CreateAsync("/k", new byte[size]);
        var update = () => store.UpdateAsync("/ok", new byte[size], R(1));

        if (accepted)
        {
            await create();
            await update();
        }
        else
        {
            var e = await Assert.ThrowsAsync<ValueTooLargeException>(create);
            Assert.Equal(("/k", size, limit), (e.Key, e.Size, e.Limit));
            await Assert.ThrowsAsync<ValueTooLargeException>(update);
            Assert.Equal(R(1), store.CurrentRevision);
        }
    }

    [Fact]
    public async Task The_default_size_limit_is_the_backends_default()
    {
        await Store.CreateAsync("/big", new byte[DefaultMaxValueBytes]);

        await Assert.ThrowsAsync<ValueTooLargeException>(() => Store.CreateAsync("/bigger", new byte[DefaultMaxValueBytes + 1]));
    }

    [Fact]
    public async Task Watch_reports_creates_updates_and_deletes_with_their_previous_values()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var watch = Take(Store.WatchAsync("/k", R(0), cts.Token), 4, cts.Token);
        await Store.CreateAsync("/k", V("v1"));
        await Store.UpdateAsync("/k", V("v2"), R(1));
        await Store.DeleteAsync("/k");
        await Store.CreateAsync("/k", V("v3"));

        var events = await watch;

        Assert.Equal(
            [(WatchEventType.Put, "v1", R(1), R(1), true, null), (WatchEventType.Put, "v2", R(1), R(2), false, "v1"),
             (WatchEventType.Delete, "v2", R(1), R(3), false, "v2"), (WatchEventType.Put, "v3", R(4), R(4), true, (string?)null)],
            events.Select(e => (e.Type, Text(e.Kv), e.Kv.CreateRevision, e.Revision, e.IsCreate, e.PrevKv is null ? null : Text(e.PrevKv))));
        Assert.Equal(R(2), events[2].PrevKv!.ModRevision);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(4)]
    [InlineData(0)]
    public async Task Watch_from_a_past_revision_replays_history_then_continues_live_without_gaps(int ringSize)
    {
        var store = Open(new StoreOptions(EventRingSize: ringSize));
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync($"/w/{i}", V($"{i}"));
        }

        using var cts = new CancellationTokenSource(Timeout);
        var watch = Take(store.WatchAsync("/w/", R(10), cts.Token), 70, cts.Token);
        for (var i = 30; i < 80; i++)
        {
            await store.CreateAsync($"/w/{i}", V($"{i}"));
        }

        var events = await watch;

        Assert.Equal(Enumerable.Range(11, 70).Select(i => R(i)), events.Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(10, 70).Select(i => $"/w/{i}"), events.Select(e => e.Kv.Key));
    }

    [Fact]
    public async Task Watches_started_during_concurrent_writes_see_every_later_event_once_in_order()
    {
        var store = Open(new StoreOptions(EventRingSize: 16));
        await store.CreateAsync("/w/seed", V("x"));
        const int Writers = 8, PerWriter = 40;
        using var cts = new CancellationTokenSource(Timeout);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                await store.CreateAsync($"/w/{w}/{i}", V("x"));
            }
        })).ToArray();

        // Start watches at different points of the write storm, each from the revision it saw.
        var watches = new List<(long After, Task<List<WatchEvent>> Events)>();
        for (var n = 0; n < 6; n++)
        {
            var after = store.CurrentRevision;
            var expected = (int)(R((Writers * PerWriter) + 1) - after);
            watches.Add((after, Take(store.WatchAsync("/w/", after, cts.Token), expected, cts.Token)));
            await Task.Delay(5);
        }

        await Task.WhenAll(writers);
        foreach (var (after, events) in watches)
        {
            var revisions = (await events).Select(e => e.Revision).ToList();
            Assert.Equal(Enumerable.Range((int)after + 1, revisions.Count).Select(i => (long)i), revisions);
            Assert.Equal(R((Writers * PerWriter) + 1), revisions.Count == 0 ? after : revisions[^1]);
        }
    }

    [Fact]
    public async Task Watch_delivers_only_keys_under_its_prefix()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var watch = Take(Store.WatchAsync("/registry/pods/", R(0), cts.Token), 2, cts.Token);
        await Store.CreateAsync("/registry/podsx/a", V("x"));
        await Store.CreateAsync("/registry/pods/a", V("x"));
        await Store.CreateAsync("/registry/services/a", V("x"));
        await Store.CreateAsync("/registry/pods/b", V("x"));

        var events = await watch;

        Assert.Equal(["/registry/pods/a", "/registry/pods/b"], events.Select(e => e.Kv.Key));
        Assert.Equal([R(2), R(4)], events.Select(e => e.Revision));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(0)]
    public async Task Replayed_history_is_filtered_by_prefix_too(int ringSize)
    {
        var store = Open(new StoreOptions(EventRingSize: ringSize));
        for (var i = 0; i < 10; i++)
        {
            await store.CreateAsync($"/registry/pods/{i}", V("x"));
            await store.CreateAsync($"/registry/podsx/{i}", V("x"));
        }

        using var cts = new CancellationTokenSource(Timeout);
        var events = await Take(store.WatchAsync("/registry/pods/", R(4), cts.Token), 8, cts.Token);

        Assert.Equal(Enumerable.Range(2, 8).Select(i => $"/registry/pods/{i}"), events.Select(e => e.Kv.Key));
        Assert.Equal(Enumerable.Range(2, 8).Select(i => R((2 * i) + 1)), events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_from_a_future_revision_waits_for_it()
    {
        await Store.CreateAsync("/f/a", V("x"));
        using var cts = new CancellationTokenSource(Timeout);

        var watch = Take(Store.WatchAsync("/f/", R(3), cts.Token), 1, cts.Token);
        for (var i = 0; i < 4; i++)
        {
            await Store.CreateAsync($"/f/{i}", V("x"));
        }

        Assert.Equal(R(4), (await watch).Single().Revision);
    }

    [Fact]
    public async Task A_watch_that_falls_behind_is_closed_with_overflow_and_never_blocks_writers()
    {
        var store = Open(new StoreOptions(WatchBufferSize: 10));
        using var cts = new CancellationTokenSource(Timeout);
        await using var enumerator = store.WatchAsync("/o/", R(0), cts.Token).GetAsyncEnumerator(cts.Token);
        var first = enumerator.MoveNextAsync(); // subscribes and waits

        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/o/{i}", V("x")).WaitAsync(Timeout);
        }

        Assert.True(await first);
        var received = 1;
        var e = await Assert.ThrowsAsync<WatchOverflowException>(async () =>
        {
            while (await enumerator.MoveNextAsync())
            {
                received++;
            }
        });
        Assert.Equal("/o/", e.Prefix);
        Assert.True(received <= 11, $"received {received} events from a buffer of 10");
        Assert.Equal(R(50), store.CurrentRevision);
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it()
    {
        using var cts = new CancellationTokenSource();
        var enumerator = Store.WatchAsync("/", R(0), cts.Token).GetAsyncEnumerator(cts.Token);
        var next = enumerator.MoveNextAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task Compaction_keeps_the_state_at_its_revision_and_drops_older_history()
    {
        await Store.CreateAsync("/k", V("v1"));      // 1
        await Store.UpdateAsync("/k", V("v2"), R(1)); // 2
        await Store.CreateAsync("/gone", V("x"));     // 3
        await Store.DeleteAsync("/gone");             // 4
        await Store.CreateAsync("/late", V("x"));     // 5
        await Store.UpdateAsync("/k", V("v3"), R(2)); // 6

        await Store.CompactAsync(R(5));

        Assert.Equal((R(5), R(6)), (Store.CompactedRevision, Store.CurrentRevision));
        await Assert.ThrowsAsync<CompactedException>(() => Store.GetAsync("/k", R(4)));
        var listAt5 = await Store.ListAsync("/", new ListOptions(Revision: R(5)));
        Assert.Equal([("/k", "v2"), ("/late", "x")], listAt5.Items.Select(kv => (kv.Key, Text(kv))));
        Assert.Equal("v2", Text((await Store.GetAsync("/k", R(5)))!));
        Assert.Null(await Store.GetAsync("/gone", R(5)));
        Assert.Equal("v3", Text((await Store.GetAsync("/k"))!));
        var e = await Assert.ThrowsAsync<CompactedException>(() => Store.ListAsync("/", new ListOptions(Revision: R(3))));
        Assert.Equal((R(3), R(5)), (e.Requested, e.Compacted));
    }

    [Fact]
    public async Task Compacting_again_at_or_below_the_compacted_revision_does_nothing_and_the_future_is_refused()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync($"/k{i}", V("x"));
        }

        await Store.CompactAsync(R(4));
        await Store.CompactAsync(R(2));

        Assert.Equal(R(4), Store.CompactedRevision);
        await Assert.ThrowsAsync<FutureRevisionException>(() => Store.CompactAsync(R(6)));
    }

    [Fact]
    public async Task Watching_from_before_the_compacted_revision_fails_on_first_move()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync($"/k{i}", V("x"));
        }

        await Store.CompactAsync(R(3));
        var stream = Store.WatchAsync("/", R(2));

        var e = await Assert.ThrowsAsync<CompactedException>(async () =>
        {
            await foreach (var item in stream)
            {
                Assert.Fail($"got {item.Revision}");
            }
        });
        Assert.Equal((R(2), R(3)), (e.Requested, e.Compacted));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(0)]
    public async Task Watching_from_the_compacted_revision_replays_what_came_after(int ringSize)
    {
        var store = Open(new StoreOptions(EventRingSize: ringSize));
        await store.CreateAsync("/k", V("v1"));       // 1
        await store.UpdateAsync("/k", V("v2"), R(1));  // 2
        await store.UpdateAsync("/k", V("v3"), R(2));  // 3
        await store.DeleteAsync("/k");                 // 4
        await store.CompactAsync(R(2));
        using var cts = new CancellationTokenSource(Timeout);

        var events = await Take(store.WatchAsync("/", R(2), cts.Token), 2, cts.Token);

        Assert.Equal(
            [(WatchEventType.Put, "v3", R(3), "v2"), (WatchEventType.Delete, "v3", R(4), "v3")],
            events.Select(e => (e.Type, Text(e.Kv), e.Revision, Text(e.PrevKv!))));
    }

    protected static async Task<List<WatchEvent>> Take(IAsyncEnumerable<WatchEvent> stream, int count, CancellationToken cancellationToken)
    {
        var events = new List<WatchEvent>(count);
        if (count == 0)
        {
            return events;
        }

        // Start the enumeration now, so the watch is subscribed before the caller goes on writing.
        var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        var first = enumerator.MoveNextAsync();
        return await Continue();

        async Task<List<WatchEvent>> Continue()
        {
            await using (enumerator)
            {
                var more = await first;
                while (more)
                {
                    events.Add(enumerator.Current);
                    if (events.Count == count)
                    {
                        break;
                    }

                    more = await enumerator.MoveNextAsync();
                }
            }

            return events;
        }
    }
}

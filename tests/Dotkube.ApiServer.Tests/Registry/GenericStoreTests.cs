using Dotkube.ApiServer.Admission;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Dotkube.Storage.Memory;

namespace Dotkube.ApiServer.Tests.RegistryTests;

public class GenericStoreTests
{
    private sealed class WidgetStrategy : ResourceStrategy
    {
        public override bool HasStatus => true;
    }

    private static readonly ResourceDefinition Widgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        StoragePrefix = "/registry/example.com/widgets",
        Strategy = new WidgetStrategy(),
    };

    private static GenericStore NewStore() => new(Widgets, new MemoryStore(), AdmissionChain.Empty, TimeProvider.System);

    private static JsonObject Widget(string name, int size = 1) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size },
        ["status"] = new JsonObject { ["ready"] = true },
    };

    [Fact]
    public async Task CreateSetsServerFieldsAndDropsStatus()
    {
        var store = NewStore();
        var created = await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        var meta = created["metadata"]!;
        Assert.False(string.IsNullOrEmpty(meta["uid"]?.GetValue<string>()));
        Assert.NotNull(meta["creationTimestamp"]);
        Assert.Equal("ns1", meta["namespace"]!.GetValue<string>());
        Assert.Equal(1L, ObjectJson.Generation(created));
        Assert.Null(created["status"]);
        var got = await store.GetAsync("ns1", "a", default);
        Assert.Equal(meta["resourceVersion"]!.GetValue<string>(), got["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatingTwiceIsAlreadyExists()
    {
        var store = NewStore();
        await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        var e = await Assert.ThrowsAsync<StatusException>(() => store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default));
        Assert.Equal((409, "AlreadyExists", "widgets.example.com \"a\" already exists"), (e.Code, e.Reason, e.Message));
    }

    [Fact]
    public async Task GenerationBumpsOnSpecChangesOnly()
    {
        var store = NewStore();
        await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        var relabeled = await store.UpdateAsync("ns1", "a", o =>
        {
            ObjectJson.Metadata(o)["labels"] = new JsonObject { ["x"] = "y" };
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(1, ObjectJson.Generation(relabeled));
        var resized = await store.UpdateAsync("ns1", "a", o =>
        {
            o["spec"]!["size"] = 3;
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(2, ObjectJson.Generation(resized));
    }

    [Fact]
    public async Task StaleResourceVersionIsConflict()
    {
        var store = NewStore();
        var created = await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        var staleRv = ObjectJson.ResourceVersion(created);
        await store.UpdateAsync("ns1", "a", o => { o["spec"]!["size"] = 2; return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        var e = await Assert.ThrowsAsync<StatusException>(() => store.UpdateAsync("ns1", "a", o =>
        {
            ObjectJson.Metadata(o)["resourceVersion"] = staleRv;
            o["spec"]!["size"] = 5;
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default));
        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Contains("the object has been modified", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainResourceUpdatesKeepStatusAndStatusUpdatesKeepSpec()
    {
        var store = NewStore();
        await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        await store.UpdateAsync("ns1", "a", o => { o["status"] = new JsonObject { ["ready"] = true }; o["spec"]!["size"] = 9; return o; },
            UpdateTarget.Status, WriteOptions.Internal, default);
        var afterStatus = await store.GetAsync("ns1", "a", default);
        Assert.Equal(1, afterStatus["spec"]!["size"]!.GetValue<int>());
        Assert.True(afterStatus["status"]!["ready"]!.GetValue<bool>());
        await store.UpdateAsync("ns1", "a", o => { o["status"] = new JsonObject { ["ready"] = false }; return o; },
            UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.True((await store.GetAsync("ns1", "a", default))["status"]!["ready"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NoOpUpdatesWriteNothing()
    {
        var store = NewStore();
        var created = await store.CreateAsync("ns1", Widget("a"), WriteOptions.Internal, default);
        var same = await store.UpdateAsync("ns1", "a", o => o, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Equal(ObjectJson.ResourceVersion(created), ObjectJson.ResourceVersion(same));
    }

    [Fact]
    public async Task FinalizersHoldDeletionUntilRemoved()
    {
        var store = NewStore();
        var w = Widget("a");
        ObjectJson.Metadata(w)["finalizers"] = new JsonArray("example.com/hold");
        await store.CreateAsync("ns1", w, WriteOptions.Internal, default);
        var marked = await store.DeleteAsync("ns1", "a", new DeleteRequest(), WriteOptions.Internal, default);
        Assert.False(marked.DeletedImmediately);
        Assert.True(ObjectJson.IsDeleting(await store.GetAsync("ns1", "a", default)));
        await store.UpdateAsync("ns1", "a", o => { ObjectJson.Metadata(o).Remove("finalizers"); return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Null(await store.TryGetAsync("ns1", "a", default));
    }

    [Theory]
    [InlineData("finalizers", "[]")]
    [InlineData("ownerReferences", "[]")]
    [InlineData("labels", "{}")]
    [InlineData("annotations", "{}")]
    [InlineData("finalizers", "null")]
    public async Task EmptyMetadataListsAndMapsAreNotStoredAsGoOmitsThem(string field, string empty)
    {
        var store = NewStore();
        var w = Widget("a");
        ObjectJson.Metadata(w)[field] = JsonNode.Parse(empty);
        var created = await store.CreateAsync("ns1", w, WriteOptions.Internal, default);
        Assert.False(ObjectJson.Metadata(created).ContainsKey(field));

        var updated = await store.UpdateAsync("ns1", "a", o =>
        {
            ObjectJson.Metadata(o)[field] = JsonNode.Parse(empty);
            return o;
        }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.False(ObjectJson.Metadata(updated).ContainsKey(field));
        Assert.False(ObjectJson.Metadata((await store.GetAsync("ns1", "a", default))!).ContainsKey(field));
    }

    [Fact]
    public async Task FinalizersRemovedByEmptyingTheListReleaseTheObject()
    {
        var store = NewStore();
        var w = Widget("a");
        ObjectJson.Metadata(w)["finalizers"] = new JsonArray("example.com/hold");
        await store.CreateAsync("ns1", w, WriteOptions.Internal, default);
        await store.DeleteAsync("ns1", "a", new DeleteRequest(), WriteOptions.Internal, default);
        await store.UpdateAsync("ns1", "a", o => { ObjectJson.Metadata(o)["finalizers"] = new JsonArray(); return o; }, UpdateTarget.Main, WriteOptions.Internal, default);
        Assert.Null(await store.TryGetAsync("ns1", "a", default));
    }

    [Fact]
    public async Task DryRunPersistsNothing()
    {
        var store = NewStore();
        await store.CreateAsync("ns1", Widget("a"), new WriteOptions(Authentication.UserInfo.ApiServer, DryRun: true), default);
        Assert.Null(await store.TryGetAsync("ns1", "a", default));
    }

    [Fact]
    public async Task ListPagesWithContinueTokensAtOneRevision()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync("ns1", Widget($"w{i}"), WriteOptions.Internal, default);
        }
        var first = await store.ListAsync("ns1", new ListQuery(Limit: 2), default);
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Continue);
        await store.CreateAsync("ns1", Widget("w9"), WriteOptions.Internal, default);
        var names = first.Items.Select(ObjectJson.Name).ToList();
        string? next = first.Continue;
        while (next is not null)
        {
            var page = await store.ListAsync("ns1", new ListQuery(Limit: 2, Continue: next), default);
            names.AddRange(page.Items.Select(ObjectJson.Name));
            next = page.Continue;
        }
        // w9 was created after the first page: the paged list is a snapshot without it.
        Assert.Equal(["w0", "w1", "w2", "w3", "w4"], names);
    }

    [Fact]
    public async Task InvalidNamesAreRefusedWithFieldCauses()
    {
        var store = NewStore();
        var e = await Assert.ThrowsAsync<StatusException>(() => store.CreateAsync("ns1", Widget("Bad_Name"), WriteOptions.Internal, default));
        Assert.Equal(422, e.Code);
        Assert.StartsWith("Widget.example.com \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", e.Message, StringComparison.Ordinal);
        Assert.Equal("metadata.name", e.Causes.Single().Field);
    }
}

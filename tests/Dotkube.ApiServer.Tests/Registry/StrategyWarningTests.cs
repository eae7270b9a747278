using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;
using Dotkube.Storage.Memory;

namespace Dotkube.ApiServer.Tests.RegistryTests;

/// <summary>The generic store passes an <see cref="IWarningStrategy"/>'s warnings to the request.</summary>
public class StrategyWarningTests
{
    private sealed class GadgetStrategy : ResourceStrategy, IWarningStrategy
    {
        public override bool HasStatus => true;

        public IReadOnlyList<string> WarningsOnCreate(JsonObject obj) =>
            obj["spec"]?["old"] is not null ? ["spec.old: deprecated on create"] : [];

        public IReadOnlyList<string> WarningsOnUpdate(JsonObject obj, JsonObject old) =>
            obj["spec"]?["old"] is not null ? ["spec.old: deprecated on update"] : [];

        public override IReadOnlyList<Dotkube.Machinery.Validation.FieldError> Validate(JsonObject obj) =>
            obj["spec"]?["bad"] is not null ? [Dotkube.Machinery.Validation.FieldError.Required("spec.good")] : [];
    }

    private static readonly ResourceDefinition Gadgets = new()
    {
        Group = "example.com",
        Versions = ["v1"],
        Kind = "Gadget",
        Plural = "gadgets",
        Singular = "gadget",
        Namespaced = true,
        StoragePrefix = "/registry/example.com/gadgets",
        Strategy = new GadgetStrategy(),
    };

    private static JsonObject Gadget(string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{{spec}}}""")!.AsObject();

    private static async Task<List<string>> WarningsOf(Func<Task> write)
    {
        var warnings = new List<string>();
        AdmissionRequestContext.Current = new AdmissionRequestContext(warnings.Add);
        try
        {
            await write();
        }
        finally
        {
            AdmissionRequestContext.Current = null;
        }
        return warnings;
    }

    [Fact]
    public async Task Create_update_and_dry_run_warn_but_status_writes_and_invalid_objects_do_not()
    {
        var store = new GenericStore(Gadgets, new MemoryStore(), AdmissionChain.Empty, TimeProvider.System);
        Assert.Equal(["spec.old: deprecated on create"],
            await WarningsOf(() => store.CreateAsync("ns", Gadget("""{"old":1}"""), WriteOptions.Internal with { DryRun = true }, default)));
        Assert.Equal(["spec.old: deprecated on create"], await WarningsOf(() => store.CreateAsync("ns", Gadget("""{"old":1}"""), WriteOptions.Internal, default)));
        Assert.Equal(["spec.old: deprecated on update"],
            await WarningsOf(() => store.UpdateAsync("ns", "g", o => o, UpdateTarget.Main, WriteOptions.Internal, default)));
        Assert.Empty(await WarningsOf(() => store.UpdateAsync("ns", "g", o => o, UpdateTarget.Status, WriteOptions.Internal, default)));
        Assert.Empty(await WarningsOf(() => Assert.ThrowsAsync<StatusException>(() =>
            store.CreateAsync("ns", Gadget("""{"old":1,"bad":1}"""), WriteOptions.Internal with { DryRun = true }, default))));
    }
}

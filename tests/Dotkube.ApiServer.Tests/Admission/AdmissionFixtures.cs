using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Resources;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.Admission;

/// <summary>Objects in memory for admission plugins, and attributes for one request.</summary>
internal sealed class FakeAdmissionObjects : IAdmissionObjects
{
    private readonly List<(string Group, string Plural, string Namespace, JsonObject Object)> objects = [];

    public FakeAdmissionObjects Add(string group, string plural, string ns, string json)
    {
        objects.Add((group, plural, ns, AdmissionFixtures.Json(json)));
        return this;
    }

    public List<(string Group, string Plural, string Namespace, JsonObject Object)> Created { get; } = [];

    public Task<JsonObject?> GetAsync(string group, string plural, string ns, string name, CancellationToken cancellationToken) =>
        Task.FromResult(objects.Where(o => o.Group == group && o.Plural == plural && o.Namespace == ns && o.Object.Name() == name)
            .Select(o => (JsonObject?)o.Object.DeepClone().AsObject()).FirstOrDefault());

    public Task<IReadOnlyList<JsonObject>> ListAsync(string group, string plural, string ns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. objects.Where(o => o.Group == group && o.Plural == plural && (ns.Length == 0 || o.Namespace == ns))
            .Select(o => o.Object.DeepClone().AsObject())]);

    public Task CreateAsync(string group, string plural, string ns, JsonObject obj, CancellationToken cancellationToken)
    {
        Created.Add((group, plural, ns, obj));
        objects.Add((group, plural, ns, obj));
        return Task.CompletedTask;
    }
}

internal static class AdmissionFixtures
{
    public static readonly UserInfo Alice = new("alice", ["system:authenticated"]);

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static AdmissionAttributes Request(string group, string plural, string operation, JsonObject? obj, JsonObject? old = null,
        string ns = "demo", string subresource = "", bool dryRun = false)
    {
        var def = BuiltinResources.All.First(d => d.Group == group && d.Plural == plural);
        var name = (obj ?? old)?.Obj("metadata").Str("name") ?? "";
        return new AdmissionAttributes(def, operation, def.Namespaced ? ns : "", name, subresource, obj, old, dryRun, Alice);
    }

    public static AdmissionAttributes Pod(string json, string operation = "CREATE", JsonObject? old = null, string ns = "demo") =>
        Request("", "pods", operation, Json(json), old, ns);

    /// <summary>Runs both phases as the chain does; returns the refusal's message, or null when admitted.</summary>
    public static async Task<string?> AdmitAsync(IAdmissionPlugin plugin, AdmissionAttributes a)
    {
        try
        {
            if (plugin is IMutatingAdmissionPlugin m)
            {
                await m.AdmitAsync(a, CancellationToken.None);
            }
            if (plugin is IValidatingAdmissionPlugin v)
            {
                await v.ValidateAsync(a, CancellationToken.None);
            }
            return null;
        }
        catch (StatusException e)
        {
            return e.Message;
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Authorization.Node;

/// <summary>
/// Which objects each node may reach, fed by watches on pods and persistent volume claims (the
/// graph upstream's Node authorizer keeps): the pods bound to a node, and the secrets, config
/// maps, claims and service accounts those pods reference; a volume through its bound claim.
/// </summary>
public sealed class NodeGraph(Func<string, GenericStore?> storeFor, ILogger logger)
{
    /// <summary>Per pod (ns/name): its node and what it references ("secrets/ns/name", …).</summary>
    private readonly ConcurrentDictionary<string, (string Node, string[] Refs)> pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> claimVolumes = new(StringComparer.Ordinal);

    public bool PodIsOnNode(string node, string ns, string name) =>
        pods.TryGetValue(ns + "/" + name, out var p) && p.Node == node;

    /// <summary>Whether a pod on the node references the object ("secrets", "configmaps", "persistentvolumeclaims", "serviceaccounts").</summary>
    public bool NodeReferences(string node, string resource, string ns, string name)
    {
        var key = $"{resource}/{ns}/{name}";
        return pods.Values.Any(p => p.Node == node && p.Refs.Contains(key));
    }

    /// <summary>Whether a claim used by a pod on the node is bound to the volume.</summary>
    public bool NodeReachesVolume(string node, string volume) =>
        pods.Values.Where(p => p.Node == node).SelectMany(p => p.Refs)
            .Where(r => r.StartsWith("persistentvolumeclaims/", StringComparison.Ordinal))
            .Any(r => claimVolumes.TryGetValue(r["persistentvolumeclaims/".Length..], out var v) && v == volume);

    public void ApplyPod(JsonObject pod, bool deleted)
    {
        var key = ObjectJson.Namespace(pod) + "/" + ObjectJson.Name(pod);
        var node = pod.Obj("spec").StrOrEmpty("nodeName");
        if (deleted || node.Length == 0)
        {
            pods.TryRemove(key, out _);
            return;
        }
        pods[key] = (node, [.. References(pod)]);
    }

    public void ApplyClaim(JsonObject claim, bool deleted)
    {
        var key = ObjectJson.Namespace(claim) + "/" + ObjectJson.Name(claim);
        var volume = claim.Obj("spec").StrOrEmpty("volumeName");
        if (deleted || volume.Length == 0)
        {
            claimVolumes.TryRemove(key, out _);
        }
        else
        {
            claimVolumes[key] = volume;
        }
    }

    /// <summary>Everything a pod names: volumes (incl. projected and ephemeral claims), env and envFrom, pull secrets, its service account.</summary>
    public static IEnumerable<string> References(JsonObject pod)
    {
        var ns = ObjectJson.Namespace(pod);
        var spec = pod.Obj("spec");
        string Ref(string resource, string name) => $"{resource}/{ns}/{name}";
        yield return Ref("serviceaccounts", spec.Str("serviceAccountName") is { Length: > 0 } sa ? sa : "default");
        foreach (var s in spec.Arr("imagePullSecrets").Objects())
        {
            yield return Ref("secrets", s.StrOrEmpty("name"));
        }
        foreach (var v in spec.Arr("volumes").Objects())
        {
            if (v.Obj("secret").Str("secretName") is { } secret)
            {
                yield return Ref("secrets", secret);
            }
            if (v.Obj("configMap").Str("name") is { } cm)
            {
                yield return Ref("configmaps", cm);
            }
            if (v.Obj("persistentVolumeClaim").Str("claimName") is { } claim)
            {
                yield return Ref("persistentvolumeclaims", claim);
            }
            if (v.Obj("ephemeral") is not null)
            {
                yield return Ref("persistentvolumeclaims", $"{ObjectJson.Name(pod)}-{v.StrOrEmpty("name")}");
            }
            foreach (var source in v.Obj("projected").Arr("sources").Objects())
            {
                if (source.Obj("secret").Str("name") is { } ps)
                {
                    yield return Ref("secrets", ps);
                }
                if (source.Obj("configMap").Str("name") is { } pc)
                {
                    yield return Ref("configmaps", pc);
                }
            }
        }
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var c in spec.Arr(list).Objects())
            {
                foreach (var e in c.Arr("env").Objects())
                {
                    if (e.Obj("valueFrom").Obj("secretKeyRef").Str("name") is { } s)
                    {
                        yield return Ref("secrets", s);
                    }
                    if (e.Obj("valueFrom").Obj("configMapKeyRef").Str("name") is { } m)
                    {
                        yield return Ref("configmaps", m);
                    }
                }
                foreach (var e in c.Arr("envFrom").Objects())
                {
                    if (e.Obj("secretRef").Str("name") is { } s)
                    {
                        yield return Ref("secrets", s);
                    }
                    if (e.Obj("configMapRef").Str("name") is { } m)
                    {
                        yield return Ref("configmaps", m);
                    }
                }
            }
        }
    }

    /// <summary>Lists and watches pods and claims until cancelled, re-listing after failures.</summary>
    public Task RunAsync(CancellationToken ct) => Task.WhenAll(
        FollowAsync("pods", ApplyPod, () => pods.Clear(), ct),
        FollowAsync("persistentvolumeclaims", ApplyClaim, () => claimVolumes.Clear(), ct));

    private async Task FollowAsync(string plural, Action<JsonObject, bool> apply, Action clear, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var store = storeFor(plural) ?? throw new InvalidOperationException($"{plural} are not registered");
                var page = await store.ListAsync("", new ListQuery(), ct);
                clear();
                foreach (var item in page.Items)
                {
                    apply(item, false);
                }
                await foreach (var e in store.WatchAsync("", page.ResourceVersion, ct))
                {
                    apply(e.Object, e.Type == "DELETED");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Storage.StorageException or Machinery.Errors.StatusException)
            {
                logger.LogDebug(e, "node graph: re-listing {Resource} after a watch failure", plural);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}

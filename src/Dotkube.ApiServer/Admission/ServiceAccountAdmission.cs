using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Upstream's ServiceAccount admission plugin for new pods: the service account defaults to
/// <c>default</c> and must exist; unless automounting is off (on the pod, else on the service
/// account) every container gets the projected <c>kube-api-access-*</c> volume (a bound token,
/// the cluster CA from the <c>kube-root-ca.crt</c> ConfigMap, the namespace) at
/// /var/run/secrets/kubernetes.io/serviceaccount; the account's image pull secrets are copied
/// when the pod names none.
/// </summary>
public sealed class ServiceAccountAdmission(Func<string, string, CancellationToken, Task<JsonObject?>> getServiceAccount) : IMutatingAdmissionPlugin
{
    public string Name => "ServiceAccount";

    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string VolumePrefix = "kube-api-access-";
    public const string RootCaConfigMap = "kube-root-ca.crt";
    public const long TokenExpirationSeconds = 3607;

    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public async ValueTask AdmitAsync(AdmissionAttributes a, CancellationToken cancellationToken)
    {
        if (a.Operation != "CREATE" || a.Resource.Group.Length != 0 || a.Resource.Plural != "pods" || a.Subresource.Length != 0 || a.Object is not { } pod)
        {
            return;
        }
        if (pod.Obj("metadata").Obj("annotations")?.ContainsKey("kubernetes.io/config.mirror") == true)
        {
            // Mirror pods come from a node's static manifests and may not use the API's service accounts.
            return;
        }
        var spec = pod.EnsureObj("spec");
        var saName = spec.StrOrEmpty("serviceAccountName");
        if (saName.Length == 0)
        {
            saName = "default";
            spec["serviceAccountName"] = saName;
        }
        spec["serviceAccount"] = saName;
        var sa = await LookUpAsync(a.Namespace, saName, cancellationToken)
            ?? throw StatusException.Forbidden(
                $"pods \"{a.Name}\" is forbidden: error looking up service account {a.Namespace}/{saName}: serviceaccount \"{saName}\" not found");

        if (spec.Arr("imagePullSecrets") is not { Count: > 0 } && sa.Arr("imagePullSecrets") is { Count: > 0 } pullSecrets)
        {
            spec["imagePullSecrets"] = pullSecrets.DeepClone();
        }
        var automount = spec.Bool("automountServiceAccountToken") ?? sa.Bool("automountServiceAccountToken") ?? true;
        if (!automount || AlreadyMounted(spec))
        {
            return;
        }
        var volumes = spec["volumes"] as JsonArray ?? [];
        spec["volumes"] = volumes;
        var taken = volumes.Objects().Select(v => v.StrOrEmpty("name")).ToHashSet();
        string volumeName;
        do
        {
            volumeName = VolumePrefix + RandomNumberGenerator.GetString(NameAlphabet, 5);
        }
        while (taken.Contains(volumeName));
        volumes.Add(ProjectedVolume(volumeName));
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in spec.Arr(list).Objects())
            {
                var mounts = container["volumeMounts"] as JsonArray ?? [];
                container["volumeMounts"] = mounts;
                mounts.Add(new JsonObject { ["name"] = volumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
            }
        }
    }

    /// <summary>
    /// The default service account is made by a controller just after its namespace, so a pod
    /// created at once waits for it a little (up to ten tries, 100-200 ms apart, as upstream).
    /// </summary>
    private async Task<JsonObject?> LookUpAsync(string ns, string name, CancellationToken ct)
    {
        var attempts = name == "default" ? 10 : 1;
        var interval = TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval, ct);
            }
            if (await getServiceAccount(ns, name, ct) is { } sa)
            {
                return sa;
            }
        }
        return null;
    }

    private static bool AlreadyMounted(JsonObject spec) =>
        new[] { "initContainers", "containers" }.Any(list => spec.Arr(list).Objects()
            .Any(c => c.Arr("volumeMounts").Objects().Any(m => m.StrOrEmpty("mountPath") == MountPath)));

    /// <summary>The volume upstream's plugin adds, field for field.</summary>
    public static JsonObject ProjectedVolume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(
                new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenExpirationSeconds, ["path"] = "token" },
                },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = RootCaConfigMap,
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
            ["defaultMode"] = 420,
        },
    };
}

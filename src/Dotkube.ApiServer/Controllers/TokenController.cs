using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Lifecycle;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Controllers;

/// <summary>
/// The legacy token controller: a <c>kubernetes.io/service-account-token</c> Secret annotated with
/// a service account's name gets a non-expiring token, ca.crt and namespace, and the account's
/// uid annotation; it is deleted when its service account is gone or was replaced. With
/// --legacy-service-account-token-secrets (dotkube's switch for the course's pre-1.24 flow) every
/// service account also gets such a Secret, listed in its <c>secrets</c>.
/// </summary>
public sealed class TokenController(
    IObjectStores stores, ServiceAccountTokenIssuer issuer, string caBundlePem, bool createSecretPerServiceAccount, ILogger logger)
{
    public const string SecretType = "kubernetes.io/service-account-token";
    public const string NameAnnotation = "kubernetes.io/service-account.name";
    public const string UidAnnotation = "kubernetes.io/service-account.uid";

    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private GenericStore ServiceAccounts => stores.For(stores.Registry.Find("", "v1", "serviceaccounts")!);

    private GenericStore Secrets => stores.For(stores.Registry.Find("", "v1", "secrets")!);

    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("token-controller", [ServiceAccounts, Secrets], ReconcileAllAsync, logger, ct);

    public async Task ReconcileAllAsync(CancellationToken ct)
    {
        var accounts = (await ServiceAccounts.ListAsync("", new ListQuery(), ct)).Items
            .ToDictionary(sa => (ObjectJson.Namespace(sa), ObjectJson.Name(sa)));
        var secrets = (await Secrets.ListAsync("", new ListQuery(s => ObjectJson.GetString(s, "type") == SecretType), ct)).Items;
        var tokenSecretsByAccount = new Dictionary<(string, string), List<string>>();
        foreach (var secret in secrets)
        {
            var ns = ObjectJson.Namespace(secret);
            var name = ObjectJson.Name(secret);
            var saName = Annotation(secret, NameAnnotation);
            if (ObjectJson.IsDeleting(secret))
            {
                continue;
            }
            if (!accounts.TryGetValue((ns, saName), out var sa) || ObjectJson.IsDeleting(sa)
                || Annotation(secret, UidAnnotation) is { Length: > 0 } uid && uid != ObjectJson.Uid(sa))
            {
                await IgnoreGoneAsync(() => Secrets.DeleteAsync(ns, name, new DeleteRequest(), WriteOptions.Internal, ct));
                logger.LogInformation("deleted token secret {Namespace}/{Name}: its service account {Account} is gone", ns, name, saName);
                continue;
            }
            (tokenSecretsByAccount.TryGetValue((ns, saName), out var list) ? list : tokenSecretsByAccount[(ns, saName)] = []).Add(name);
            if (NeedsFilling(secret))
            {
                await IgnoreGoneAsync(() => Secrets.UpdateAsync(ns, name, obj =>
                {
                    Fill(obj, sa);
                    ObjectJson.Metadata(obj).Remove("resourceVersion");
                    return obj;
                }, UpdateTarget.Main, WriteOptions.Internal, ct));
            }
        }
        if (!createSecretPerServiceAccount)
        {
            return;
        }
        foreach (var ((ns, saName), sa) in accounts)
        {
            if (ObjectJson.IsDeleting(sa))
            {
                continue;
            }
            var existing = tokenSecretsByAccount.GetValueOrDefault((ns, saName)) ?? [];
            var referenced = (sa["secrets"] as JsonArray ?? []).OfType<JsonObject>().Select(r => ObjectJson.GetString(r, "name")).ToHashSet();
            if (existing.Any(referenced.Contains))
            {
                continue;
            }
            var secretName = existing.FirstOrDefault() ?? await CreateSecretAsync(ns, saName, sa, ct);
            if (secretName is null)
            {
                continue;
            }
            await IgnoreGoneAsync(() => ServiceAccounts.UpdateAsync(ns, saName, obj =>
            {
                var refs = obj["secrets"] as JsonArray ?? [];
                obj["secrets"] = refs;
                if (!refs.OfType<JsonObject>().Any(r => ObjectJson.GetString(r, "name") == secretName))
                {
                    refs.Add(new JsonObject { ["name"] = secretName });
                }
                ObjectJson.Metadata(obj).Remove("resourceVersion");
                return obj;
            }, UpdateTarget.Main, WriteOptions.Internal, ct));
        }
    }

    private async Task<string?> CreateSecretAsync(string ns, string saName, JsonObject sa, CancellationToken ct)
    {
        var prefix = saName.Length > 240 ? saName[..240] : saName;
        var name = $"{prefix}-token-{RandomNumberGenerator.GetString(NameAlphabet, 5)}";
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["annotations"] = new JsonObject { [NameAnnotation] = saName },
            },
            ["type"] = SecretType,
        };
        Fill(secret, sa);
        try
        {
            await Secrets.CreateAsync(ns, secret, WriteOptions.Internal, ct);
            return name;
        }
        catch (StatusException e) when (e.Reason is "AlreadyExists" or "Forbidden" or "NotFound")
        {
            return null;
        }
    }

    private static bool NeedsFilling(JsonObject secret) =>
        Annotation(secret, UidAnnotation).Length == 0
        || secret["data"] is not JsonObject data
        || !data.ContainsKey("token") || !data.ContainsKey("ca.crt") || !data.ContainsKey("namespace");

    /// <summary>Token (kept if present), ca.crt, namespace and the account's uid annotation.</summary>
    private void Fill(JsonObject secret, JsonObject sa)
    {
        var meta = ObjectJson.Metadata(secret);
        var ns = ObjectJson.Namespace(sa);
        var saName = ObjectJson.Name(sa);
        var uid = ObjectJson.Uid(sa) ?? "";
        var annotations = meta["annotations"] as JsonObject ?? [];
        meta["annotations"] = annotations;
        annotations[UidAnnotation] = uid;
        var data = secret["data"] as JsonObject ?? [];
        secret["data"] = data;
        if (!data.ContainsKey("token"))
        {
            data["token"] = Base64(issuer.IssueLegacy(ns, saName, uid, ObjectJson.Name(secret)));
        }
        data["ca.crt"] = Base64(caBundlePem);
        data["namespace"] = Base64(ns);
    }

    private static string Annotation(JsonObject obj, string key) => ObjectJson.GetString(ObjectJson.Metadata(obj)["annotations"], key) ?? "";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task IgnoreGoneAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (StatusException e) when (e.Reason is "NotFound" or "Conflict")
        {
            // Changed or deleted meanwhile: the next round sees the new state.
        }
    }
}

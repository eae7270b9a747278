using System.Collections.Concurrent;
using Dotkube.Client;
using Dotkube.Client.Cache;
using Dotkube.Client.Reconciling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers.ServiceAccount;

/// <summary>
/// kube-controller-manager's "serviceaccount-token" controller: a token Secret annotated with a
/// service account's name gets a token, ca.crt and namespace; it is deleted once its account is
/// gone or was replaced (another uid). Upstream runs it with the manager's own credentials, not a
/// service account's, since service account credentials depend on it; so does this one. With
/// <see cref="ServiceAccountTokenOptions.CreateSecretPerServiceAccount"/> every account also gets
/// a token Secret listed in its <c>secrets</c>, as before Kubernetes 1.24.
/// </summary>
public sealed class TokensController(ServiceAccountTokenOptions options) : IController
{
    public string Name => "serviceaccount-token";

    public string ServiceAccount => "tokens-controller";

    public bool UsesManagerCredentials => true;

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var logger = context.LoggerFactory.CreateLogger("dotkube.controller.serviceaccount-token");
        if (options.Generate is not { } generate)
        {
            logger.LogWarning("serviceaccount-token: no signing key configured; token secrets are not filled in");
            return;
        }
        var accounts = context.Informers.Get<V1ServiceAccount>(ResourceType.ServiceAccounts);
        var secrets = context.Informers.Get<V1Secret>(ResourceType.Secrets);
        var deletedTokens = new ConcurrentDictionary<(string, string), byte>();
        var secretReconciler = new TokenSecretReconciler(context.Client, secrets.Cache, accounts.Cache, options.RootCaPem, generate, logger);
        using var secretRunner = new ReconcileRunner(Name + "-secrets", secretReconciler, null, logger, context.Clock);
        var accountReconciler = new TokenAccountReconciler(context.Client, accounts.Cache, secrets.Cache, options, generate, deletedTokens, logger);
        using var accountRunner = new ReconcileRunner(Name + "-accounts", accountReconciler, null, logger, context.Clock);

        void EnqueueTokensOf(V1ServiceAccount sa)
        {
            foreach (var s in secrets.Cache.List(sa.Metadata.NamespaceProperty ?? ""))
            {
                if (TokenSecrets.IsTokenSecret(s) && TokenSecrets.AccountName(s) == sa.Metadata.Name)
                {
                    secretRunner.Enqueue(s.Metadata.NamespaceProperty, s.Metadata.Name);
                }
            }
        }

        using var onAccount = accounts.AddHandler(
            (sa, _) =>
            {
                accountRunner.Enqueue(sa.Metadata.NamespaceProperty, sa.Metadata.Name);
                EnqueueTokensOf(sa);
            },
            (_, sa) =>
            {
                accountRunner.Enqueue(sa.Metadata.NamespaceProperty, sa.Metadata.Name);
                EnqueueTokensOf(sa);
            },
            (sa, _) => EnqueueTokensOf(sa));
        using var onSecret = secrets.AddHandler(
            (s, _) => EnqueueToken(secretRunner, s),
            (_, s) => EnqueueToken(secretRunner, s),
            (s, _) =>
            {
                if (TokenSecrets.IsTokenSecret(s))
                {
                    // The account may still list it: drop the reference (upstream's removeSecretReference).
                    deletedTokens[(s.Metadata.NamespaceProperty ?? "", s.Metadata.Name)] = 0;
                    accountRunner.Enqueue(s.Metadata.NamespaceProperty, TokenSecrets.AccountName(s));
                }
            });
        await Task.WhenAll(accounts.WaitForSyncAsync(cancellationToken), secrets.WaitForSyncAsync(cancellationToken));
        await Task.WhenAll(secretRunner.RunAsync(cancellationToken), accountRunner.RunAsync(cancellationToken));
    }

    private static void EnqueueToken(ReconcileRunner runner, V1Secret secret)
    {
        if (TokenSecrets.IsTokenSecret(secret))
        {
            runner.Enqueue(secret.Metadata.NamespaceProperty, secret.Metadata.Name);
        }
    }
}

/// <summary>One token Secret: deleted when its account is gone, else filled in (upstream's syncSecret).</summary>
internal sealed class TokenSecretReconciler(
    KubeApiClient client, IObjectCache<V1Secret> secrets, IObjectCache<V1ServiceAccount> accounts, string? rootCaPem, LegacyTokenGenerator generate, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (secrets.Get(key.Namespace, key.Name) is not { } cached || !TokenSecrets.IsTokenSecret(cached) || cached.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var saName = TokenSecrets.AccountName(cached);
        // The cache may lag behind a just-created account: look it up live on a miss, as upstream.
        var sa = accounts.Get(key.Namespace, saName)
            ?? (saName.Length == 0 ? null : await client.TryGetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, key.Namespace, saName, cancellationToken));
        if (sa is null || sa.Metadata.DeletionTimestamp is not null || !TokenSecrets.IsTokenFor(cached, sa))
        {
            try
            {
                await client.DeleteAsync(ResourceType.Secrets, key.Namespace, key.Name,
                    new DeleteOptions { PreconditionUid = cached.Metadata.Uid }, cancellationToken);
                logger.LogInformation("deleted token secret {Key}: its service account {Account} is gone", key, saName);
            }
            catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
            {
                // Gone already, or replaced by a new secret of that name.
            }
            return ReconcileResult.Done;
        }
        if (!TokenSecrets.NeedsPopulating(cached, rootCaPem))
        {
            return ReconcileResult.Done;
        }
        var live = await client.TryGetAsync<V1Secret>(ResourceType.Secrets, key.Namespace, key.Name, cancellationToken);
        if (live is null || !TokenSecrets.IsTokenFor(live, sa) || !TokenSecrets.NeedsPopulating(live, rootCaPem))
        {
            return ReconcileResult.Done;
        }
        TokenSecrets.Populate(live, sa, rootCaPem, generate);
        try
        {
            await client.UpdateAsync(ResourceType.Secrets, live, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ReconcileResult.Done;
        }
        logger.LogInformation("filled in token secret {Key} for service account {Account}", key, saName);
        return ReconcileResult.Done;
    }
}

/// <summary>
/// One service account: drops references to its deleted token secrets, and with legacy secrets
/// on makes sure it lists a token Secret of its own.
/// </summary>
internal sealed class TokenAccountReconciler(
    KubeApiClient client, IObjectCache<V1ServiceAccount> accounts, IObjectCache<V1Secret> secrets, ServiceAccountTokenOptions options,
    LegacyTokenGenerator generate, ConcurrentDictionary<(string, string), byte> deletedTokens, ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (accounts.Get(key.Namespace, key.Name) is not { } cached || cached.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var stale = (cached.Secrets ?? []).Select(r => r.Name).OfType<string>()
            .Where(n => deletedTokens.ContainsKey((key.Namespace, n)) && secrets.Get(key.Namespace, n) is null).ToHashSet();
        string? add = null;
        if (options.CreateSecretPerServiceAccount && !await ReferencesTokenAsync(cached, stale, cancellationToken))
        {
            add = secrets.List(key.Namespace).FirstOrDefault(s => s.Metadata.DeletionTimestamp is null && TokenSecrets.IsTokenFor(s, cached))?.Metadata.Name
                ?? await CreateTokenSecretAsync(cached, cancellationToken);
        }
        if (stale.Count == 0 && add is null)
        {
            return ReconcileResult.Done;
        }
        var live = await client.TryGetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, key.Namespace, key.Name, cancellationToken);
        if (live is null || live.Metadata.Uid != cached.Metadata.Uid)
        {
            return ReconcileResult.Done;
        }
        var refs = (live.Secrets ?? []).Where(r => !stale.Contains(r.Name)).ToList();
        if (add is not null && !refs.Any(r => r.Name == add))
        {
            refs.Add(new V1ObjectReference { Name = add });
        }
        live.Secrets = refs;
        await client.UpdateAsync(ResourceType.ServiceAccounts, live, cancellationToken: cancellationToken);
        foreach (var name in stale)
        {
            deletedTokens.TryRemove((key.Namespace, name), out _);
        }
        return ReconcileResult.Done;
    }

    /// <summary>Whether it lists a token of its own; a listed secret the cache lacks is looked up live (it may be new).</summary>
    private async Task<bool> ReferencesTokenAsync(V1ServiceAccount sa, HashSet<string> stale, CancellationToken ct)
    {
        foreach (var name in (sa.Secrets ?? []).Select(r => r.Name).OfType<string>().Where(n => !stale.Contains(n)))
        {
            var secret = secrets.Get(sa.Metadata.NamespaceProperty, name)
                ?? await client.TryGetAsync<V1Secret>(ResourceType.Secrets, sa.Metadata.NamespaceProperty, name, ct);
            if (secret is not null && TokenSecrets.IsTokenFor(secret, sa))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<string?> CreateTokenSecretAsync(V1ServiceAccount sa, CancellationToken ct)
    {
        var secret = TokenSecrets.New(sa, options.RootCaPem, generate);
        try
        {
            await client.CreateAsync(ResourceType.Secrets, sa.Metadata.NamespaceProperty, secret, cancellationToken: ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists || e.IsNotFound || Common.NamespaceErrors.IsTerminating(e))
        {
            return null;
        }
        logger.LogInformation("created token secret {Namespace}/{Name} for service account {Account}", sa.Metadata.NamespaceProperty, secret.Metadata.Name, sa.Metadata.Name);
        return secret.Metadata.Name;
    }
}

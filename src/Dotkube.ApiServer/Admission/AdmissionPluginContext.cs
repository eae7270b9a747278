using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.Authorization.Rbac;

namespace Dotkube.ApiServer.Admission;

/// <summary>
/// Everything a catalogue entry may need to build its plugin. Plugins that need something new add
/// a property here (null when a host does not provide it).
/// </summary>
public sealed class AdmissionPluginContext
{
    public required IAdmissionObjects Objects { get; init; }

    /// <summary>A namespace by name (cached), or null.</summary>
    public required Func<string, CancellationToken, Task<JsonObject?>> GetNamespace { get; init; }

    /// <summary>Tells the namespace cache a namespace is being deleted.</summary>
    public Action<string>? ForgetNamespace { get; init; }

    /// <summary>The authorizer chain, for plugins that check a verb (CertificateApproval, CertificateSigning).</summary>
    public Func<AuthorizationAttributes, CancellationToken, ValueTask<AuthorizationResult>>? Authorize { get; init; }

    /// <summary>RBAC's cache and the authorizers, for the escalation check.</summary>
    public RbacCache? Rbac { get; init; }

    public IReadOnlyList<IAuthorizer> Authorizers { get; init; } = [];

    public AdmissionOptions Options { get; init; } = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Webhooks and validating admission policies, fed by watches of their configurations.</summary>
    public Webhooks.DynamicAdmission? Dynamic { get; init; }

    /// <summary>The ResourceQuota store, which the quota plugin charges usage to.</summary>
    public Func<Registry.GenericStore?>? ResourceQuotas { get; init; }
}

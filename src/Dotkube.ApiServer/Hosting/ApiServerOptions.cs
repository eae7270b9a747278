using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Registry;
using Dotkube.Storage;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Hosting;

/// <summary>Everything the API server needs from its composition root.</summary>
public sealed class ApiServerOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 6443;

    /// <summary>
    /// --advertise-address: where other cluster members reach this server, named in the kubernetes Service's
    /// endpoints and in discovery; null = the bind address (loopback when bound to every interface).
    /// </summary>
    public IPAddress? AdvertiseAddress { get; init; }

    /// <summary>The lease endpoint reconciler (--endpoint-reconciler-type=lease); null = none, boot state only.</summary>
    public EndpointReconcilerOptions? EndpointReconciler { get; init; }

    public required IRevisionedStore Store { get; init; }

    public required X509Certificate2 ServingCertificate { get; init; }

    public required ClientCertificateAuthenticator.Verifier VerifyClientCertificate { get; init; }

    /// <summary>The resources served from the start (built-ins).</summary>
    public required IEnumerable<ResourceDefinition> Resources { get; init; }

    /// <summary>Builds the OpenAPI handler once the registry exists; null serves no OpenAPI.</summary>
    public Func<ResourceRegistry, Func<HttpContext, Task<bool>>>? OpenApi { get; init; }

    /// <summary>The `kubernetes` Service's cluster IP (first address of the service CIDR).</summary>
    public string ServiceClusterIP { get; init; } = "10.96.0.1";

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Authentication methods, service account tokens, CSR signing.</summary>
    public SecurityOptions Security { get; init; } = new();

    /// <summary>--watch-cache: lists and gets with a resourceVersion are served from watch-fed caches (upstream's default: on).</summary>
    public bool WatchCache { get; init; } = true;

    /// <summary>Which admission plugins run (--enable/--disable-admission-plugins) and their settings.</summary>
    public Admission.AdmissionOptions Admission { get; init; } = new();
    /// <summary>The aggregation layer's front-proxy certificate and published authentication settings.</summary>
    public Aggregation.AggregationOptions Aggregation { get; init; } = new();
}

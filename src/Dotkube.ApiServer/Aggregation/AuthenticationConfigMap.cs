using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Controllers;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.Extensions.Logging;

namespace Dotkube.ApiServer.Aggregation;

/// <summary>
/// Publishes kube-system/extension-apiserver-authentication as kube-apiserver does: the client CA
/// and the request-header (front-proxy) settings that extension API servers read to trust the
/// aggregator's proxied requests. Put back whenever it is changed or deleted.
/// </summary>
public sealed class AuthenticationConfigMap(GenericStore configMaps, AggregationOptions options, ILogger logger)
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    public Task RunAsync(CancellationToken ct) =>
        ReconcileLoop.RunAsync("extension-apiserver-authentication", [configMaps], ReconcileAsync, logger, ct);

    /// <summary>The ConfigMap's data, keys and value formats as upstream writes them (JSON arrays for lists).</summary>
    public static JsonObject Data(AggregationOptions options)
    {
        var data = new JsonObject();
        if (options.ClientCaPem.Length > 0)
        {
            data["client-ca-file"] = options.ClientCaPem;
        }
        if (options.RequestHeaderClientCaPem.Length > 0)
        {
            data["requestheader-client-ca-file"] = options.RequestHeaderClientCaPem;
            data["requestheader-allowed-names"] = JsonSerializer.Serialize(options.RequestHeaderAllowedNames);
            data["requestheader-username-headers"] = JsonSerializer.Serialize(options.RequestHeaderUsernameHeaders);
            data["requestheader-group-headers"] = JsonSerializer.Serialize(options.RequestHeaderGroupHeaders);
            data["requestheader-extra-headers-prefix"] = JsonSerializer.Serialize(options.RequestHeaderExtraHeadersPrefix);
        }
        return data;
    }

    public async Task ReconcileAsync(CancellationToken ct)
    {
        var want = Data(options);
        var have = await configMaps.TryGetAsync(Namespace, Name, ct);
        try
        {
            if (have is null)
            {
                await configMaps.CreateAsync(Namespace, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
                    ["data"] = want,
                }, WriteOptions.Internal, ct);
            }
            else if (!JsonNode.DeepEquals(have["data"], want))
            {
                await configMaps.UpdateAsync(Namespace, Name, obj =>
                {
                    obj["data"] = want.DeepClone();
                    ObjectJson.Metadata(obj).Remove("resourceVersion");
                    return obj;
                }, UpdateTarget.Main, WriteOptions.Internal, ct);
            }
        }
        catch (StatusException e) when (e.Reason is "AlreadyExists" or "Conflict" or "NotFound")
        {
            // Raced with another writer (or kube-system is not there yet); the next round settles it.
        }
    }
}

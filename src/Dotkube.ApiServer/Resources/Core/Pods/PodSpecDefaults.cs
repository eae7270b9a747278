using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// Upstream's v1 defaulting for pod specs and pod templates (SetDefaults_PodSpec, _Container,
/// _Probe, _Volume, ...). Idempotent: it only fills what is unset. Workload resources in other
/// groups call <see cref="ApplyToTemplate"/> on their pod template.
/// </summary>
public static class PodSpecDefaults
{
    public const int DefaultTerminationGracePeriodSeconds = 30;
    public const int DefaultFileMode = 420; // 0644

    /// <summary>Defaults for a pod template's spec (no pod-only defaults such as requests from limits).</summary>
    public static void ApplyToTemplate(JsonObject? template)
    {
        if (template?.Obj("spec") is { } spec)
        {
            ApplyToSpec(spec);
        }
    }

    /// <summary>Defaults common to pods and pod templates.</summary>
    public static void ApplyToSpec(JsonObject spec)
    {
        spec.DefaultString("dnsPolicy", "ClusterFirst");
        spec.DefaultString("restartPolicy", "Always");
        spec.Default("securityContext", new JsonObject());
        spec.Default("terminationGracePeriodSeconds", DefaultTerminationGracePeriodSeconds);
        spec.DefaultString("schedulerName", "default-scheduler");
        if (spec.Bool("hostNetwork") == true)
        {
            DefaultHostNetworkPorts(spec.Arr("containers"));
            DefaultHostNetworkPorts(spec.Arr("initContainers"));
        }
        foreach (var field in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var container in spec.Arr(field).Objects())
            {
                ApplyToContainer(container);
            }
        }
        foreach (var volume in spec.Arr("volumes").Objects())
        {
            ApplyToVolume(volume);
        }
    }

    /// <summary>Defaults that upstream applies only to Pods, never to templates.</summary>
    public static void ApplyToPod(JsonObject pod)
    {
        var spec = pod.EnsureObj("spec");
        ApplyToSpec(spec);
        foreach (var field in new[] { "containers", "initContainers" })
        {
            foreach (var container in spec.Arr(field).Objects())
            {
                DefaultRequestsFromLimits(container);
            }
        }
        spec.Default("enableServiceLinks", true);
    }

    public static void ApplyToContainer(JsonObject container)
    {
        if (string.IsNullOrEmpty(container.Str("imagePullPolicy")))
        {
            container["imagePullPolicy"] = ImageTag(container.StrOrEmpty("image")) == "latest" ? "Always" : "IfNotPresent";
        }
        container.DefaultString("terminationMessagePath", "/dev/termination-log");
        container.DefaultString("terminationMessagePolicy", "File");
        // A struct field Go always serializes: an unset one reads back as {}.
        container.Default("resources", new JsonObject());
        foreach (var port in container.Arr("ports").Objects())
        {
            port.DefaultString("protocol", "TCP");
        }
        foreach (var env in container.Arr("env").Objects())
        {
            if (env.Obj("valueFrom")?.Obj("fieldRef") is { } fieldRef)
            {
                fieldRef.DefaultString("apiVersion", "v1");
            }
        }
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container.Obj(probe) is { } p)
            {
                p.Default("timeoutSeconds", 1);
                p.Default("periodSeconds", 10);
                p.Default("successThreshold", 1);
                p.Default("failureThreshold", 3);
                DefaultHttpGet(p.Obj("httpGet"));
            }
        }
        if (container.Obj("lifecycle") is { } lifecycle)
        {
            DefaultHttpGet(lifecycle.Obj("postStart")?.Obj("httpGet"));
            DefaultHttpGet(lifecycle.Obj("preStop")?.Obj("httpGet"));
        }
    }

    public static void ApplyToVolume(JsonObject volume)
    {
        // A volume with no source at all is an emptyDir.
        if (!volume.Any(kv => kv.Key != "name" && kv.Value is JsonObject))
        {
            volume["emptyDir"] = new JsonObject();
        }
        foreach (var kind in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            volume.Obj(kind)?.Default("defaultMode", DefaultFileMode);
        }
        if (volume.Obj("hostPath") is { } hostPath)
        {
            hostPath.Default("type", "");
        }
        foreach (var item in volume.Obj("downwardAPI").Arr("items").Objects())
        {
            item.Obj("fieldRef")?.DefaultString("apiVersion", "v1");
        }
    }

    /// <summary>
    /// The tag of an image reference as upstream's parser sees it: "latest" when there is neither
    /// tag nor digest, "" when only a digest is given.
    /// </summary>
    public static string ImageTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            return name[(colon + 1)..];
        }
        return at >= 0 ? "" : "latest";
    }

    private static void DefaultHttpGet(JsonObject? httpGet)
    {
        if (httpGet is null)
        {
            return;
        }
        httpGet.DefaultString("path", "/");
        httpGet.DefaultString("scheme", "HTTP");
    }

    private static void DefaultHostNetworkPorts(JsonArray? containers)
    {
        foreach (var port in containers.Objects().SelectMany(c => c.Arr("ports").Objects()))
        {
            if ((port.Int("hostPort") ?? 0) == 0 && port["containerPort"] is { } containerPort)
            {
                port["hostPort"] = containerPort.DeepClone();
            }
        }
    }

    // A container that only states limits gets the same requests.
    private static void DefaultRequestsFromLimits(JsonObject container)
    {
        if (container.Obj("resources")?.Obj("limits") is not { } limits)
        {
            return;
        }
        var requests = container.EnsureObj("resources").EnsureObj("requests");
        foreach (var (name, value) in limits)
        {
            if (requests[name] is null && value is not null)
            {
                requests[name] = value.DeepClone();
            }
        }
    }
}

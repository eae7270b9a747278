using System.Text.Json.Nodes;
using Dotkube.Machinery.Apply;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Apply;

/// <summary>
/// Whole managedFields of realistic objects, pinned byte for byte: the create and update paths of
/// the field manager are tuned for speed, and these say they still record exactly the same thing.
/// </summary>
public class FieldManagerGoldenTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","uid":"u","creationTimestamp":"2024-05-01T10:00:00Z",
         "labels":{"app":"web","tier":"fe"},"annotations":{"a":"b"},"finalizers":["x/y"],
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"r1","controller":true}]},
         "spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP","name":"dns"}],
           "env":[{"name":"A","value":"a"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
           "resources":{"requests":{"cpu":"10m","memory":"16Mi"},"limits":{"cpu":"1"}},"volumeMounts":[{"name":"v","mountPath":"/v"}],
           "command":["sh","-c"],"args":["sleep 1"],"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"},
           {"name":"side","image":"busybox"}],
          "initContainers":[{"name":"init","image":"busybox"}],
          "volumes":[{"name":"v","emptyDir":{}},{"name":"cm","configMap":{"name":"cm","items":[{"key":"k","path":"p"}]}}],
          "tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}],"nodeSelector":{"disk":"ssd"},
          "restartPolicy":"Always","dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler",
          "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["1","2"]}]}]}}}},
         "status":{"phase":"Pending"}}
        """;

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"d","generation":1,"labels":{"app":"web"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}}}}
        """;

    private const string Custom = """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"d"},
         "spec":{"size":3,"parts":[{"name":"a"},{"name":"b"}],"opts":{"x":{"y":true},"z":null}},"status":{"ok":true}}
        """;

    public static TheoryData<string, string, string> Creates => new()
    {
        {
            "a pod with containers, ports, env, volumes and affinity",
            Pod,
            """[{"manager":"m","operation":"Update","apiVersion":"v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:a":{}},"f:finalizers":{".":{},"v:\"x/y\"":{}},"f:labels":{".":{},"f:app":{},"f:tier":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"r1\"}":{}}},"f:spec":{"f:affinity":{".":{},"f:nodeAffinity":{".":{},"f:requiredDuringSchedulingIgnoredDuringExecution":{}}},"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:command":{},"f:env":{".":{},"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}},"k:{\"name\":\"B\"}":{".":{},"f:name":{},"f:valueFrom":{".":{},"f:fieldRef":{}}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{}},"f:requests":{".":{},"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:volumeMounts":{".":{},"k:{\"mountPath\":\"/v\"}":{".":{},"f:mountPath":{},"f:name":{}}}},"k:{\"name\":\"side\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:dnsPolicy":{},"f:initContainers":{".":{},"k:{\"name\":\"init\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:nodeSelector":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:tolerations":{},"f:volumes":{".":{},"k:{\"name\":\"cm\"}":{".":{},"f:configMap":{".":{},"f:items":{},"f:name":{}},"f:name":{}},"k:{\"name\":\"v\"}":{".":{},"f:emptyDir":{},"f:name":{}}}}}}]"""
        },
        {
            "a deployment",
            Deployment,
            """[{"manager":"m","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},"f:resources":{}}}}}}}}]"""
        },
        {
            "a custom resource without a model (deduced schema)",
            Custom,
            """[{"manager":"m","operation":"Update","apiVersion":"example.com/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:opts":{".":{},"f:x":{".":{},"f:y":{}},"f:z":{}},"f:parts":{},"f:size":{}}}}]"""
        },
    };

    [Theory]
    [MemberData(nameof(Creates))]
    public void A_create_records_exactly_these_managedFields(string name, string json, string expected)
    {
        _ = name;
        var obj = (JsonObject)JsonNode.Parse(json)!;

        ManagerFor(obj).Update(null, obj, "m", T0);

        Assert.Equal(expected, obj["metadata"]!["managedFields"]!.ToJsonString(Relaxed.Options));
    }

    public static TheoryData<string, string, string, string> Updates => new()
    {
        {
            "a pod whose image, an env value and a label change, and whose annotation goes",
            Pod,
            """{"metadata":{"labels":{"app":"api","tier":"fe"},"annotations":null},"spec":{"containers":[{"name":"c","image":"nginx:1.28","env":[{"name":"A","value":"z"}]},{"name":"side","image":"busybox"}]}}""",
            """[{"manager":"creator","operation":"Update","apiVersion":"v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:finalizers":{".":{},"v:\"x/y\"":{}},"f:labels":{".":{},"f:tier":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"r1\"}":{}}},"f:spec":{"f:affinity":{".":{},"f:nodeAffinity":{".":{},"f:requiredDuringSchedulingIgnoredDuringExecution":{}}},"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:env":{".":{},"k:{\"name\":\"A\"}":{".":{},"f:name":{}}},"f:name":{},"f:resources":{}},"k:{\"name\":\"side\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:dnsPolicy":{},"f:initContainers":{".":{},"k:{\"name\":\"init\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:nodeSelector":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:tolerations":{},"f:volumes":{".":{},"k:{\"name\":\"cm\"}":{".":{},"f:configMap":{".":{},"f:items":{},"f:name":{}},"f:name":{}},"k:{\"name\":\"v\"}":{".":{},"f:emptyDir":{},"f:name":{}}}}}},{"manager":"editor","operation":"Update","apiVersion":"v1","time":"2024-05-01T10:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{"f:env":{"k:{\"name\":\"A\"}":{"f:value":{}}},"f:image":{}}}}}}]"""
        },
        {
            "a deployment scaled and given a new container",
            Deployment,
            """{"spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]},{"name":"d","image":"redis"}]}}}}""",
            """[{"manager":"creator","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},"f:resources":{}}}}}}}},{"manager":"editor","operation":"Update","apiVersion":"apps/v1","time":"2024-05-01T10:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"d\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}}}}}}}]"""
        },
        {
            "a custom resource whose list is replaced and map changed",
            Custom,
            """{"spec":{"size":4,"parts":[{"name":"c"}],"opts":{"x":{"y":false,"w":1}}}}""",
            """[{"manager":"creator","operation":"Update","apiVersion":"example.com/v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:opts":{".":{},"f:x":{},"f:z":{}}}}},{"manager":"editor","operation":"Update","apiVersion":"example.com/v1","time":"2024-05-01T10:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:opts":{"f:x":{"f:w":{},"f:y":{}}},"f:parts":{},"f:size":{}}}}]"""
        },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void An_update_after_a_create_records_exactly_these_managedFields(string name, string json, string patch, string expected)
    {
        _ = name;
        var live = (JsonObject)JsonNode.Parse(json)!;
        var manager = ManagerFor(live);
        manager.Update(null, live, "creator", T0);
        var updated = (JsonObject)live.DeepClone();
        Merge(updated, (JsonObject)JsonNode.Parse(patch)!);

        manager.Update(live, updated, "editor", T0.AddMinutes(1));

        Assert.Equal(expected, updated["metadata"]!["managedFields"]!.ToJsonString(Relaxed.Options));
    }

    private static FieldManager ManagerFor(JsonObject obj) => obj["kind"]!.GetValue<string>() switch
    {
        "Pod" => new(TypeSchema.ForModel(typeof(V1Pod)), "v1", "", FieldSet.Of(FieldPath.Of("status"))),
        "Deployment" => new(TypeSchema.ForModel(typeof(V1Deployment)), "apps/v1", "", FieldSet.Of(FieldPath.Of("status"))),
        _ => new(TypeSchema.Deduced, "example.com/v1", "", FieldSet.Of(FieldPath.Of("status"))),
    };

    /// <summary>A JSON merge patch (RFC 7386), enough for these cases.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (k, v) in patch.ToList())
        {
            if (v is null)
            {
                target.Remove(k);
            }
            else if (v is JsonObject p && target[k] is JsonObject t)
            {
                Merge(t, p);
            }
            else
            {
                target[k] = v.DeepClone();
            }
        }
    }
}

using System.Text.Json.Nodes;
using Dotkube.Machinery.Protobuf;

namespace Dotkube.Machinery.Tests.Protobuf;

public class KubeProtobufDecodeTests
{
    // The exact body kubectl 1.32 POSTs for `kubectl create ns demo`.
    private static readonly byte[] KubectlCreateNamespace = Convert.FromHexString(
        "6b3873000a0f0a0276311209" + "4e616d657370616365" + "121c0a140a0464656d6f" +
        "12001a0022002a00320038004200" + "12001a020a00" + "1a002200");

    public static TheoryData<string, byte[], string> Objects => new()
    {
        {
            "kubectl create ns demo: empty strings and zero generation on the wire are omitempty fields and vanish",
            KubectlCreateNamespace,
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"},"spec":{},"status":{}}"""
        },
        {
            "a Deployment keeps replicas 0 (a pointer), turns quantities into strings and intstr into string or number",
            ProtoBuilder.Body("apps/v1", "Deployment", d => d
                .Msg(1, m => m.Str(1, "web").Str(3, "demo").Int(7, 0).Msg(8, _ => { }).Entry(11, "app", "web"))
                .Msg(2, s => s
                    .Int(1, 0)
                    .Msg(2, sel => sel.Entry(1, "app", "web"))
                    .Msg(3, t => t
                        .Msg(1, m => m.Msg(8, _ => { }).Entry(11, "app", "web"))
                        .Msg(2, p => p.Msg(2, c => c
                            .Str(1, "nginx").Str(2, "nginx").Str(5, "")
                            .Msg(6, port => port.Str(1, "").Int(2, 0).Int(3, 80).Str(4, "TCP").Str(5, ""))
                            .Msg(8, r => r
                                .Msg(1, e => e.Str(1, "cpu").Msg(2, q => q.Str(1, "500m")))
                                .Msg(1, e => e.Str(1, "memory").Msg(2, q => q.Str(1, "128Mi"))))
                            .Str(13, "").Str(14, "").Bool(16, false))))
                    .Msg(4, st => st.Str(1, "RollingUpdate").Msg(2, ru => ru
                        .Msg(1, i => i.Int(1, 0).Int(2, 1).Str(3, ""))
                        .Msg(2, i => i.Int(1, 1).Int(2, 0).Str(3, "25%"))))
                    .Int(5, 0).Bool(7, false))
                .Msg(3, _ => { })),
            """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"demo","labels":{"app":"web"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx",
                   "ports":[{"containerPort":80,"protocol":"TCP"}],
                   "resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}]}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}}},
             "status":{}}
            """
        },
        {
            "a Secret's binary data becomes base64 and its stringData stays text",
            ProtoBuilder.Body("v1", "Secret", s => s
                .Msg(1, m => m.Str(1, "creds"))
                .Msg(2, e => e.Str(1, "blob").Bytes(2, [0, 1, 2, 255]))
                .Msg(2, e => e.Str(1, "empty").Bytes(2, []))
                .Entry(4, "user", "admin")
                .Str(3, "Opaque")),
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"data":{"blob":"AAEC/w==","empty":""},"stringData":{"user":"admin"},"type":"Opaque"}"""
        },
        {
            "a ConfigMap's data map keeps its entries and a false immutable pointer",
            ProtoBuilder.Body("v1", "ConfigMap", c => c
                .Msg(1, m => m.Str(1, "settings"))
                .Bool(4, false)
                .Entry(2, "color", "blue")
                .Entry(2, "size", "")),
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"immutable":false,"data":{"color":"blue","size":""}}"""
        },
        {
            "a Service's integer targetPort and empty port name",
            ProtoBuilder.Body("v1", "Service", s => s
                .Msg(1, m => m.Str(1, "x").Entry(11, "app", "x"))
                .Msg(2, sp => sp
                    .Msg(1, p => p.Str(1, "80-8080").Str(2, "TCP").Int(3, 80).Msg(4, i => i.Int(1, 0).Int(2, 8080).Str(3, "")).Int(5, 0))
                    .Entry(2, "app", "x")
                    .Str(3, "").Str(4, "ClusterIP").Str(7, "").Int(12, 0).Bool(13, false))
                .Msg(3, st => st.Msg(1, _ => { }))),
            """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"x","labels":{"app":"x"}},
             "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],
               "selector":{"app":"x"},"type":"ClusterIP"},
             "status":{"loadBalancer":{}}}
            """
        },
        {
            "a Pod's creationTimestamp is RFC 3339 in whole seconds (nanos are dropped, as upstream does)",
            ProtoBuilder.Body("v1", "Pod", p => p
                .Msg(1, m => m.Str(1, "p").Msg(8, t => t.Int(1, 1700000000).Int(2, 999)))
                .Msg(2, s => s.Msg(2, c => c.Str(1, "p").Str(2, "nginx")).Str(3, "Always"))),
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"2023-11-14T22:13:20Z"},
             "spec":{"containers":[{"name":"p","image":"nginx"}],"restartPolicy":"Always"}}
            """
        },
        {
            "a zero Go time (year 1) is left out like an empty one",
            ProtoBuilder.Body("v1", "Namespace", n => n.Msg(1, m => m.Str(1, "a").Msg(8, t => t.Int(1, -62135596800)))),
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}"""
        },
        {
            "an events.k8s.io Event's eventTime is a MicroTime with six fraction digits",
            ProtoBuilder.Body("events.k8s.io/v1", "Event", e => e
                .Msg(1, m => m.Str(1, "e"))
                .Msg(2, t => t.Int(1, 1700000000).Int(2, 123456789))
                .Str(4, "ctl").Str(7, "Started").Int(15, 0)),
            """{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},"eventTime":"2023-11-14T22:13:20.123456Z","reportingController":"ctl","reason":"Started"}"""
        },
        {
            "volumes inline their source and a ConfigMap source inlines its LocalObjectReference",
            ProtoBuilder.Body("v1", "Pod", p => p
                .Msg(1, m => m.Str(1, "p"))
                .Msg(2, s => s.Msg(1, v => v.Str(1, "cfg").Msg(2, src => src.Msg(19, cm => cm.Msg(1, r => r.Str(1, "cm")).Int(3, 420)))))),
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"volumes":[{"name":"cfg","configMap":{"name":"cm","defaultMode":420}}]}}
            """
        },
        {
            "repeated int64 is read both unpacked and packed",
            ProtoBuilder.Body("v1", "Pod", p => p
                .Msg(2, s => s.Msg(14, sc => sc.Int(4, 1).Int(4, 2).Bytes(4, [3, 4]).Int(2, 0)))),
            """{"apiVersion":"v1","kind":"Pod","spec":{"securityContext":{"runAsUser":0,"supplementalGroups":[1,2,3,4]}}}"""
        },
        {
            "DeleteOptions sent in apps/v1 use meta/v1's schema and keep a zero grace period",
            ProtoBuilder.Body("apps/v1", "DeleteOptions", o => o.Int(1, 0).Str(4, "Foreground").Str(5, "All")),
            """{"apiVersion":"apps/v1","kind":"DeleteOptions","gracePeriodSeconds":0,"propagationPolicy":"Foreground","dryRun":["All"]}"""
        },
        {
            "managedFields' FieldsV1 and a ControllerRevision's RawExtension are embedded JSON",
            ProtoBuilder.Body("apps/v1", "ControllerRevision", r => r
                .Msg(1, m => m.Str(1, "rev").Msg(17, mf => mf.Str(1, "kubectl").Str(2, "Update").Msg(4, t => t.Int(1, 0))
                    .Str(6, "FieldsV1").Msg(7, f => f.Bytes(1, "{\"f:data\":{}}"u8.ToArray()))))
                .Msg(2, x => x.Bytes(1, "{\"spec\":{\"a\":[1,true,null]}}"u8.ToArray()))
                .Int(3, 2)),
            """
            {"apiVersion":"apps/v1","kind":"ControllerRevision",
             "metadata":{"name":"rev","managedFields":[{"manager":"kubectl","operation":"Update","time":"1970-01-01T00:00:00Z",
               "fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]},
             "data":{"spec":{"a":[1,true,null]}},"revision":2}
            """
        },
        {
            "a TokenReview's user extra is a map of string lists (ExtraValue)",
            ProtoBuilder.Body("authentication.k8s.io/v1", "TokenReview", t => t
                .Msg(3, s => s.Bool(1, true).Msg(2, u => u.Str(1, "jane").Str(3, "devs")
                    .Msg(4, e => e.Str(1, "scopes").Msg(2, v => v.Str(1, "a").Str(1, "b")))))),
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","status":{"authenticated":true,"user":{"username":"jane","groups":["devs"],"extra":{"scopes":["a","b"]}}}}"""
        },
        {
            "a CRD schema maps $ref-style names, x-kubernetes names, JSON defaults and schema-or-bool",
            ProtoBuilder.Body("apiextensions.k8s.io/v1", "CustomResourceDefinition", c => c
                .Msg(1, m => m.Str(1, "widgets.example.com"))
                .Msg(2, s => s.Str(1, "example.com")
                    .Msg(3, n => n.Str(1, "widgets").Str(4, "Widget"))
                    .Str(4, "Namespaced")
                    .Msg(7, v => v.Str(1, "v1").Bool(2, true).Bool(3, true)
                        .Msg(4, sv => sv.Msg(1, p => p.Str(5, "object")
                            .Msg(29, e => e.Str(1, "size").Msg(2, sp => sp.Str(5, "integer").Msg(8, j => j.Bytes(1, "3"u8.ToArray())).Double(9, 10.5)))
                            .Msg(30, ap => ap.Bool(1, false))
                            .Bool(38, true)))))),
            """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","names":{"plural":"widgets","kind":"Widget"},"scope":"Namespaced",
               "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
                 "properties":{"size":{"type":"integer","default":3,"maximum":10.5}},
                 "additionalProperties":false,"x-kubernetes-preserve-unknown-fields":true}}}]}}
            """
        },
        {
            "unknown field numbers are skipped, as upstream's decoder does",
            ProtoBuilder.Body("v1", "Namespace", n => n.Msg(1, m => m.Str(1, "a").Str(999, "future").Int(998, 7))),
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}"""
        },
        {
            "a message field repeated on the wire is merged",
            ProtoBuilder.Body("v1", "Namespace", n => n.Msg(1, m => m.Str(1, "a")).Msg(1, m => m.Entry(11, "k", "v"))),
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":{"k":"v"}}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void DecodesToTheJsonClientGoWouldSend(string name, byte[] body, string expected)
    {
        var actual = KubeProtobuf.DecodeObject(body);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"{name}: {actual.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void EncodingTheDecodedObjectDecodesToTheSameObject(string name, byte[] body, string expected)
    {
        _ = expected;
        var decoded = KubeProtobuf.DecodeObject(body);
        var again = KubeProtobuf.DecodeObject(KubeProtobuf.EncodeObject(decoded));
        Assert.True(JsonNode.DeepEquals(decoded, again), $"{name}: {again.ToJsonString()}");
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "a body without the k8s prefix", "{\"kind\":\"Namespace\"}"u8.ToArray(), "prefix" },
        { "an envelope whose key varint is cut off", [.. "k8s\0"u8.ToArray(), 0x0a, 0x80], "truncated" },
        { "an envelope field longer than the body", [.. "k8s\0"u8.ToArray(), 0x0a, 0x20, 0x0a], "runs past the end" },
        { "an envelope without a kind", ProtoBuilder.Body("v1", "", _ => { }), "no kind" },
        { "a kind without a schema", ProtoBuilder.Body("example.com/v1", "Widget", _ => { }), "no protobuf schema for kind \"Widget\" in \"example.com/v1\"" },
        { "metadata sent as a varint", ProtoBuilder.Body("v1", "Namespace", n => n.Int(1, 5)), "wrong protobuf wire type 0 for field metadata" },
        { "a nested length past its message", ProtoBuilder.Body("v1", "Namespace", n => n.Bytes(1, [0x0a, 0x09, 0x61])), "runs past the end" },
        { "a group wire type", ProtoBuilder.Body("v1", "Namespace", n => n.Bytes(1, [0x0b])), "unsupported protobuf wire type 3" },
        { "field number zero", ProtoBuilder.Body("v1", "Namespace", n => n.Bytes(1, [0x00, 0x00])), "field number 0" },
        { "a RawExtension that is not JSON", ProtoBuilder.Body("apps/v1", "ControllerRevision", r => r.Msg(2, x => x.Bytes(1, "{nope"u8.ToArray()))), "not valid JSON" },
        { "a time past year 9999", ProtoBuilder.Body("v1", "Namespace", n => n.Msg(1, m => m.Msg(8, t => t.Int(1, 300_000_000_000)))), "outside the years" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsMalformedBodiesWithAMessageNamingTheProblem(string name, byte[] body, string expectedMessagePart)
    {
        var e = Assert.Throws<FormatException>(() => KubeProtobuf.DecodeObject(body));
        Assert.True(e.Message.Contains(expectedMessagePart, StringComparison.Ordinal), $"{name}: {e.Message}");
    }

    [Fact]
    public void DecodedNumbersConvertLikeParsedJson()
    {
        var body = ProtoBuilder.Body("apps/v1", "Deployment", d => d.Msg(2, s => s.Int(1, 3)));
        var replicas = KubeProtobuf.DecodeObject(body)["spec"]!["replicas"]!.AsValue();
        Assert.True(replicas.TryGetValue<long>(out var asLong) && asLong == 3);
        Assert.Equal(3, replicas.GetValue<int>());
    }

    [Fact]
    public void EncodesTheKubectlNamespaceBodyDecodableBackToTheSameObject()
    {
        var ns = KubeProtobuf.DecodeObject(KubectlCreateNamespace);
        var bytes = KubeProtobuf.EncodeObject(ns);
        Assert.True(KubeProtobuf.HasMagic(bytes));
        Assert.True(JsonNode.DeepEquals(ns, KubeProtobuf.DecodeObject(bytes)));
    }

    [Theory]
    [InlineData("v1", "Namespace", true)]
    [InlineData("apps/v1", "Deployment", true)]
    [InlineData("apps/v1", "Status", true)]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", true)]
    [InlineData("apiregistration.k8s.io/v1", "APIService", true)]
    [InlineData("example.com/v1", "Widget", false)]
    [InlineData("apps/v1beta1", "Deployment", false)]
    [InlineData("v1", "Widget", false)]
    public void SupportsBuiltInKindsOnly(string apiVersion, string kind, bool expected) =>
        Assert.Equal(expected, KubeProtobuf.Supports(apiVersion, kind));
}

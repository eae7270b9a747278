using System.Text;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Authentication;
using Dotkube.Machinery.Patching;

namespace Dotkube.ApiServer.Tests.Admission.Webhooks;

public class AdmissionReviewTests
{
    private static AdmissionAttributes Create(bool dryRun = false) => new(
        Dotkube.ApiServer.Resources.Core.ConfigMaps.Definition, "CREATE", "team", "cm", "",
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "cm" } },
        null, dryRun, new UserInfo("alice", ["devs", "system:authenticated"], "u-1"));

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    public void A_request_carries_what_upstream_sends(string version)
    {
        var review = AdmissionReview.Request(version, "uid-1", Create(dryRun: true), "v1");
        Assert.Equal($"admission.k8s.io/{version}", review["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", review["kind"]!.GetValue<string>());
        var request = review["request"]!.AsObject();
        Assert.Equal("uid-1", request["uid"]!.GetValue<string>());
        Assert.Equal("""{"group":"","version":"v1","kind":"ConfigMap"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"configmaps"}""", request["resource"]!.ToJsonString());
        Assert.Equal("CREATE", request["operation"]!.GetValue<string>());
        Assert.Equal("team", request["namespace"]!.GetValue<string>());
        Assert.Equal("""{"username":"alice","uid":"u-1","groups":["devs","system:authenticated"]}""", request["userInfo"]!.ToJsonString());
        Assert.True(request["dryRun"]!.GetValue<bool>());
        Assert.Equal("CreateOptions", request["options"]!["kind"]!.GetValue<string>());
        Assert.Null(request["oldObject"]);
    }

    private static JsonObject Answer(string apiVersion, string uid, JsonObject response)
    {
        response["uid"] = uid;
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
    }

    [Fact]
    public void A_response_gives_its_patch_warnings_and_audit_annotations()
    {
        var patch = """[{"op":"add","path":"/metadata/labels","value":{"a":"b"}}]""";
        var parsed = AdmissionReview.ParseResponse(Answer("admission.k8s.io/v1", "u", new JsonObject
        {
            ["allowed"] = true,
            ["patchType"] = "JSONPatch",
            ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch)),
            ["warnings"] = new JsonArray("careful"),
            ["auditAnnotations"] = new JsonObject { ["k"] = "v" },
        }), "v1", "u");
        Assert.True(parsed.Allowed);
        Assert.Equal(["careful"], parsed.Warnings);
        Assert.Equal("v", parsed.AuditAnnotations["k"]);
        var patched = JsonPatch.Apply(Create().Object!, parsed.Patch!);
        Assert.Equal("b", patched["metadata"]!["labels"]!["a"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("admission.k8s.io/v1", "other", "expected response.uid=\"u\", got \"other\"")]
    [InlineData("admission.k8s.io/v1beta1", "u", "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview")]
    public void A_v1_response_must_be_a_v1_review_with_the_requests_uid(string apiVersion, string uid, string message)
    {
        var e = Assert.Throws<WebhookCallException>(() => AdmissionReview.ParseResponse(Answer(apiVersion, uid, new JsonObject { ["allowed"] = true }), "v1", "u"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_v1beta1_response_may_leave_out_the_patch_type()
    {
        var patch = Convert.ToBase64String(Encoding.UTF8.GetBytes("[]"));
        var parsed = AdmissionReview.ParseResponse(Answer("admission.k8s.io/v1beta1", "", new JsonObject { ["allowed"] = true, ["patch"] = patch }), "v1beta1", "u");
        Assert.Empty(parsed.Patch!);
        Assert.Throws<WebhookCallException>(() => AdmissionReview.ParseResponse(Answer("admission.k8s.io/v1", "u", new JsonObject { ["allowed"] = true, ["patch"] = patch }), "v1", "u"));
    }

    [Theory]
    [InlineData("""{"message":"no"}""", 400, "", "admission webhook \"w.example.com\" denied the request: no")]
    [InlineData("""{"code":403,"reason":"Forbidden"}""", 403, "Forbidden", "admission webhook \"w.example.com\" denied the request: Forbidden")]
    [InlineData("""{"code":200}""", 400, "", "admission webhook \"w.example.com\" denied the request without explanation")]
    public void A_denial_reads_as_upstreams(string status, int code, string reason, string message)
    {
        var e = WebhookDispatcher.Denied("w.example.com", JsonNode.Parse(status)!.AsObject());
        Assert.Equal((code, reason, message), (e.Code, e.Reason, e.Message));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Controllers.History;
using k8s.Models;

namespace Dotkube.Controllers.Tests.History;

public class ControllerRevisionsTests
{
    private static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
    };

    private static readonly V1ObjectMeta Owner = new() { Name = "web", NamespaceProperty = "default", Uid = "owner" };

    [Fact]
    public void The_data_is_a_patch_that_replaces_the_template_in_gos_encoded_shape_with_keys_sorted()
    {
        // What kubectl's json.Marshal of the template gives (it compares these bytes in rollout undo):
        // the zero creationTimestamp as null, the container's non-pointer resources struct as {}.
        var data = ControllerRevisions.TemplatePatch(Template("nginx"));
        Assert.Equal("""{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx","name":"c","resources":{}}]}}}}""", data.ToJsonString());
    }

    [Theory]
    [InlineData("nginx", null, "nginx", null, true)]
    [InlineData("nginx", null, "nginx:2", null, false)]
    [InlineData("nginx", null, "nginx", 1, false)]
    [InlineData("nginx", 1, "nginx", 1, true)]
    public void Names_follow_the_data_and_the_collision_count(string imageA, int? collisionsA, string imageB, int? collisionsB, bool same)
    {
        var a = ControllerRevisions.New(Owner, "apps/v1", "StatefulSet", null, null, ControllerRevisions.TemplatePatch(Template(imageA)), 1, collisionsA);
        var b = ControllerRevisions.New(Owner, "apps/v1", "StatefulSet", null, null, ControllerRevisions.TemplatePatch(Template(imageB)), 1, collisionsB);
        Assert.Equal(same, a.Metadata.Name == b.Metadata.Name);
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]+$", a.Metadata.Name);
        Assert.Equal(a.Metadata.Name, "web-" + a.Metadata.Labels[ControllerRevisions.HashLabel]);
    }

    [Fact]
    public void A_revision_carries_the_template_labels_the_owner_annotations_and_a_controller_reference()
    {
        var revision = ControllerRevisions.New(Owner, "apps/v1", "DaemonSet", new Dictionary<string, string> { ["app"] = "web" },
            new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "kubectl set image" }, ControllerRevisions.TemplatePatch(Template("a")), 4, null);
        Assert.Equal(4, revision.Revision);
        Assert.Equal("web", revision.Metadata.Labels["app"]);
        Assert.Equal("kubectl set image", revision.Metadata.Annotations["kubernetes.io/change-cause"]);
        var owner = Assert.Single(revision.Metadata.OwnerReferences);
        Assert.Equal(("DaemonSet", "owner", true, true), (owner.Kind, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public void The_template_comes_back_from_data_read_from_the_server()
    {
        var revision = ControllerRevisions.New(Owner, "apps/v1", "StatefulSet", null, null, ControllerRevisions.TemplatePatch(Template("nginx:3")), 1, null);
        // As the client deserializes it: data is a JsonElement, keys possibly in another order.
        revision.Data = JsonDocument.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:3","resources":{}}]},"$patch":"replace","metadata":{"labels":{"app":"web"},"creationTimestamp":null}}}}""").RootElement;
        Assert.Equal("nginx:3", ControllerRevisions.TemplateOf(revision)!.Spec.Containers[0].Image);
        var fresh = ControllerRevisions.New(Owner, "apps/v1", "StatefulSet", null, null, ControllerRevisions.TemplatePatch(Template("nginx:3")), 2, null);
        Assert.True(ControllerRevisions.Equal(revision, fresh));
        Assert.IsType<JsonObject>(ControllerRevisions.DataOf(fresh));
    }
}

using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;
using Dotkube.Machinery.Patching;
using k8s.Models;

namespace Dotkube.Machinery.Tests.Patching;

public class StrategicMergePatchTests
{
    private static string Apply(string original, string patch, Type? type) =>
        StrategicMergePatch.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), type).ToJsonString();

    private static string Json(string s) => JsonNode.Parse(s)!.ToJsonString();

    public static TheoryData<string, string, string, string> PodSpecCases => new()
    {
        {
            "a field of a container merges by container name",
            """{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}""",
            """{"containers":[{"name":"b","image":"z"}]}""",
            """{"containers":[{"name":"a","image":"x"},{"name":"b","image":"z"}]}"""
        },
        {
            "a new container goes first when the patch gives no order",
            """{"containers":[{"name":"a"},{"name":"b"}]}""",
            """{"containers":[{"name":"c","image":"n"}]}""",
            """{"containers":[{"name":"c","image":"n"},{"name":"a"},{"name":"b"}]}"""
        },
        {
            "setElementOrder places a new container where the patch says",
            """{"containers":[{"name":"a"},{"name":"b"}]}""",
            """{"$setElementOrder/containers":[{"name":"a"},{"name":"c"},{"name":"b"}],"containers":[{"name":"c","image":"n"}]}""",
            """{"containers":[{"name":"a"},{"name":"c","image":"n"},{"name":"b"}]}"""
        },
        {
            "setElementOrder alone reorders the list",
            """{"containers":[{"name":"a"},{"name":"b"}]}""",
            """{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}""",
            """{"containers":[{"name":"b"},{"name":"a"}]}"""
        },
        {
            "a $patch delete item removes the container",
            """{"containers":[{"name":"a"},{"name":"b"}]}""",
            """{"containers":[{"name":"a","$patch":"delete"}]}""",
            """{"containers":[{"name":"b"}]}"""
        },
        {
            "a $patch replace item makes the patch the whole list",
            """{"containers":[{"name":"a"},{"name":"b"}]}""",
            """{"containers":[{"name":"z"},{"$patch":"replace"}]}""",
            """{"containers":[{"name":"z"}]}"""
        },
        {
            "tolerations have no strategy and are replaced whole",
            """{"tolerations":[{"key":"a"},{"key":"b"}]}""",
            """{"tolerations":[{"key":"c"}]}""",
            """{"tolerations":[{"key":"c"}]}"""
        },
        {
            "nested env vars merge by name inside a merged container",
            """{"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]}]}""",
            """{"containers":[{"name":"a","env":[{"name":"Y","value":"3"}]}]}""",
            """{"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"3"}]}]}"""
        },
        {
            "container ports merge by containerPort alone",
            """{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"}]}]}""",
            """{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"UDP"}]}]}""",
            """{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","protocol":"UDP"}]}]}"""
        },
        {
            "a null field removes it from the merged container",
            """{"containers":[{"name":"a","image":"x","command":["sh"]}]}""",
            """{"containers":[{"name":"a","command":null}]}""",
            """{"containers":[{"name":"a","image":"x"}]}"""
        },
        {
            "nulls are dropped from a newly added container",
            """{"containers":[{"name":"a"}]}""",
            """{"containers":[{"name":"a"},{"name":"b","image":null,"resources":{"limits":null}}]}""",
            """{"containers":[{"name":"a"},{"name":"b","resources":{}}]}"""
        },
        {
            "a volume with retainKeys drops its old source",
            """{"volumes":[{"name":"v","emptyDir":{}}]}""",
            """{"volumes":[{"name":"v","$retainKeys":["configMap","name"],"configMap":{"name":"cm"}}]}""",
            """{"volumes":[{"name":"v","configMap":{"name":"cm"}}]}"""
        },
        {
            "a map field is merged key by key",
            """{"nodeSelector":{"a":"1","b":"2"}}""",
            """{"nodeSelector":{"b":null,"c":"3"}}""",
            """{"nodeSelector":{"a":"1","c":"3"}}"""
        },
        {
            "fields unknown to the model merge like a merge patch",
            """{"futureList":[1,2],"futureMap":{"a":1}}""",
            """{"futureList":[3],"futureMap":{"b":2}}""",
            """{"futureList":[3],"futureMap":{"a":1,"b":2}}"""
        },
        {
            "a value of another type replaces the old one",
            """{"hostname":{"x":1}}""",
            """{"hostname":"h"}""",
            """{"hostname":"h"}"""
        },
        {
            "merging into an empty list keeps the patch items",
            """{"containers":[]}""",
            """{"containers":[{"name":"a"}]}""",
            """{"containers":[{"name":"a"}]}"""
        },
        {
            "nested patch merge with an empty list leaves it empty",
            """{"containers":[]}""",
            """{"containers":[]}""",
            """{"containers":[]}"""
        },
    };

    [Theory]
    [MemberData(nameof(PodSpecCases))]
    public void Pod_specs_merge_by_their_patch_strategies(string description, string original, string patch, string expected)
    {
        Assert.NotEmpty(description);
        Assert.Equal(Json(expected), Apply(original, patch, typeof(V1PodSpec)));
    }

    public static TheoryData<string, string, string, string> MetadataCases => new()
    {
        {
            "a new finalizer joins the front of the list",
            """{"finalizers":["x","y"]}""",
            """{"finalizers":["z"]}""",
            """{"finalizers":["z","x","y"]}"""
        },
        {
            "finalizers already present are not duplicated",
            """{"finalizers":["x","y"]}""",
            """{"finalizers":["y"]}""",
            """{"finalizers":["x","y"]}"""
        },
        {
            "setElementOrder keeps a primitive list in the patch's order",
            """{"finalizers":["x","y"]}""",
            """{"$setElementOrder/finalizers":["x","y","z"],"finalizers":["z"]}""",
            """{"finalizers":["x","y","z"]}"""
        },
        {
            "deleteFromPrimitiveList removes every copy of a value",
            """{"finalizers":["x","y","x"]}""",
            """{"$deleteFromPrimitiveList/finalizers":["x"]}""",
            """{"finalizers":["y"]}"""
        },
        {
            "deleteFromPrimitiveList of a missing list does not create it",
            """{"name":"n"}""",
            """{"$deleteFromPrimitiveList/finalizers":["x"]}""",
            """{"name":"n"}"""
        },
        {
            "owner references merge by uid",
            """{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}""",
            """{"ownerReferences":[{"uid":"2","name":"c"}]}""",
            """{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"c"}]}"""
        },
        {
            "labels merge and a null removes one",
            """{"labels":{"a":"1","b":"2"}}""",
            """{"labels":{"a":null,"c":"3"}}""",
            """{"labels":{"b":"2","c":"3"}}"""
        },
        {
            "managedFields are replaced whole",
            """{"managedFields":[{"manager":"a"}]}""",
            """{"managedFields":[{"manager":"b"}]}""",
            """{"managedFields":[{"manager":"b"}]}"""
        },
    };

    [Theory]
    [MemberData(nameof(MetadataCases))]
    public void Object_metadata_merges_by_its_patch_strategies(string description, string original, string patch, string expected)
    {
        Assert.NotEmpty(description);
        Assert.Equal(Json(expected), Apply(original, patch, typeof(V1ObjectMeta)));
    }

    [Theory]
    [InlineData(
        """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
        """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""",
        """{"spec":{"strategy":{"type":"Recreate"}}}""")]
    [InlineData(
        """{"spec":{"strategy":{"type":"Recreate"}}}""",
        """{"spec":{"strategy":{"$retainKeys":["rollingUpdate","type"],"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}""",
        """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}""")]
    [InlineData(
        """{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}""",
        """{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"a","image":"y"}]}}}}""",
        """{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"a","image":"y"}]}}}}""")]
    [InlineData(
        """{"spec":{"template":{"metadata":{"annotations":{"a":"1"}}}}}""",
        """{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"now"}}}}}""",
        """{"spec":{"template":{"metadata":{"annotations":{"a":"1","kubectl.kubernetes.io/restartedAt":"now"}}}}}""")]
    public void Deployments_walk_down_to_the_pod_template(string original, string patch, string expected) =>
        Assert.Equal(Json(expected), Apply(original, patch, typeof(V1Deployment)));

    [Theory]
    [InlineData("""{"spec":{"a":1,"b":2}}""", """{"spec":{"$patch":"replace","c":3}}""", """{"spec":{"c":3}}""")]
    [InlineData("""{"spec":{"a":1,"b":2}}""", """{"spec":{"$patch":"delete"}}""", """{"spec":{}}""")]
    [InlineData("""{"a":1}""", """{"spec":{"$patch":"delete","x":1}}""", """{"a":1}""")]
    [InlineData("""{"spec":{"a":1}}""", """{"$patch":"replace","kind":"X"}""", """{"kind":"X"}""")]
    public void Map_directives_replace_or_delete_the_map(string original, string patch, string expected) =>
        Assert.Equal(Json(expected), Apply(original, patch, null));

    [Fact]
    public void Without_a_model_lists_are_replaced_and_maps_merged() =>
        Assert.Equal(
            Json("""{"a":{"x":1,"y":2},"l":[3]}"""),
            Apply("""{"a":{"x":1},"l":[1,2]}""", """{"a":{"y":2},"l":[3]}""", null));

    [Fact]
    public void Directive_keys_never_reach_the_result() =>
        Assert.Equal(
            Json("""{"spec":{"containers":[{"name":"a"}]}}"""),
            Apply("""{"spec":{}}""", """{"spec":{"$patch":"replace","containers":[{"name":"a"}],"$setElementOrder/containers":[{"name":"a"}]}}""", typeof(V1Pod)));

    [Fact]
    public void Inputs_are_not_changed()
    {
        var original = JsonNode.Parse("""{"containers":[{"name":"a","image":"x"}]}""")!.AsObject();
        var patch = JsonNode.Parse("""{"containers":[{"name":"a","image":"y"},{"name":"b"}]}""")!.AsObject();
        StrategicMergePatch.Apply(original, patch, typeof(V1PodSpec));
        Assert.Equal("""{"containers":[{"name":"a","image":"x"}]}""", original.ToJsonString());
        Assert.Equal("""{"containers":[{"name":"a","image":"y"},{"name":"b"}]}""", patch.ToJsonString());
    }

    [Theory]
    [InlineData("""{"containers":[{"name":"a"}]}""", """{"containers":[{"image":"x"}]}""", 400, "map: map[image:x] does not contain declared merge key: name")]
    [InlineData("""{"containers":[{"name":"a"}]}""", """{"containers":[{"name":"a","$patch":"merge"}]}""", 500, "merging lists cannot yet be specified in the patch")]
    [InlineData("""{"containers":[{"name":"a"}]}""", """{"containers":[{"name":"a","$patch":"frobnicate"}]}""", 400, "unknown patch type: frobnicate in map: map[$patch:frobnicate name:a]")]
    [InlineData("""{"containers":[{"name":"a"}]}""", """{"containers":["a"]}""", 400, "list element types are not identical: [[map[name:a]] [a]]")]
    [InlineData("""{"finalizers":[["a"]]}""", """{"finalizers":[["b"]]}""", 422, "the server rejected our request due to an error in our request")]
    [InlineData("""{"strategy":{"type":"Recreate"}}""", """{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}""", 400, "invalid patch format of retainKeys")]
    [InlineData("""{"strategy":{"type":"Recreate"}}""", """{"strategy":{"$retainKeys":"type"}}""", 400, "invalid patch format of retainKeys")]
    [InlineData("""{"spec":{}}""", """{"spec":{"$patch":"merge"}}""", 400, "unknown patch type: merge in map: map[$patch:merge]")]
    [InlineData("""{"finalizers":["a","b"]}""", """{"$setElementOrder/finalizers":["a"],"finalizers":["c"]}""", 500, "The order in patch list:\n[c]\n doesn't match $setElementOrder list:\n[a]\n")]
    public void Bad_patches_fail_as_upstream_reports_them(string original, string patch, int code, string message)
    {
        var type = original.Contains("strategy") ? typeof(V1DeploymentSpec) : original.Contains("finalizers") ? typeof(V1ObjectMeta) : typeof(V1PodSpec);
        var e = Assert.Throws<StatusException>(() => Apply(original, patch, type));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Internal_failures_carry_no_reason_like_upstream()
    {
        // Patches that do not fit the object's shape are the client's error here (400, a deliberate
        // difference: upstream answers 500); failures inside the merge itself stay 500 without a reason.
        var e = Assert.Throws<StatusException>(() => Apply("""{"containers":[{"name":"a"}]}""", """{"containers":[{"name":"a","$patch":"merge"}]}""", typeof(V1PodSpec)));
        var status = e.ToStatus();
        Assert.False(status.ContainsKey("reason"));
        Assert.Equal(500, (int)status["code"]!);
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Core;
using static Dotkube.ApiServer.Tests.Resources.Core.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Core;

public class PersistentVolumeWarningTests
{
    private static JsonObject Volume(string spec, string annotations = "{}") =>
        Parse("""{"metadata":{"name":"pv1","annotations":""" + annotations + """},"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],""" + spec + "}}");

    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        { "a plain Retain hostPath volume warns about nothing", "\"hostPath\":{\"path\":\"/data\"}", "{}", [] },
        {
            "the Recycle policy is deprecated", "\"hostPath\":{\"path\":\"/data\"},\"persistentVolumeReclaimPolicy\":\"Recycle\"", "{}",
            ["spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning."]
        },
        {
            "the beta storage class annotation comes first", "\"hostPath\":{\"path\":\"/data\"},\"persistentVolumeReclaimPolicy\":\"Recycle\"",
            "{\"volume.beta.kubernetes.io/storage-class\":\"slow\"}",
            [
                "metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use \"storageClassName\" attribute instead",
                "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.",
            ]
        },
        {
            "deprecated node labels in the node affinity are named by their place",
            "\"local\":{\"path\":\"/mnt\"},\"nodeAffinity\":{\"required\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\",\"values\":[\"n1\"]}]},{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\"},{\"key\":\"failure-domain.beta.kubernetes.io/zone\",\"operator\":\"Exists\"}]}]}}",
            "{}",
            ["spec.nodeAffinity.required.nodeSelectorTerms[1].matchExpressions[1].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead"]
        },
        { "a plugin that no longer works is named", "\"rbd\":{\"monitors\":[\"m\"],\"image\":\"i\"}", "{}", ["spec.rbd: deprecated in v1.28, non-functional in v1.31+"] },
        { "StorageOS is named as upstream spells it", "\"storageos\":{\"volumeName\":\"v\"}", "{}", ["spec.storageOS: deprecated in v1.22, non-functional in v1.25+"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_and_update_warn_as_upstream(string why, string spec, string annotations, string[] expected)
    {
        var strategy = new PersistentVolumeStrategy();
        var pv = Volume(spec, annotations);
        Assert.True(expected.SequenceEqual(strategy.WarningsOnCreate(pv)), why);
        Assert.True(expected.SequenceEqual(strategy.WarningsOnUpdate(pv, Volume(spec, annotations))), why);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("//", true)]
    [InlineData("/data/..", true)]
    [InlineData("/./", true)]
    [InlineData("/data", false)]
    [InlineData("data/..", false)]
    public void Recycle_is_refused_for_a_hostPath_that_cleans_to_the_root(string path, bool refused)
    {
        var errors = CreateErrors(new PersistentVolumeStrategy(), Volume($"\"hostPath\":{{\"path\":\"{path}\"}},\"persistentVolumeReclaimPolicy\":\"Recycle\""));
        Assert.Equal(refused, errors.Contains("spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"));
    }
}

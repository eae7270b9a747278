using Dotkube.Machinery.Apply;

namespace Dotkube.Machinery.Tests.Apply;

public class ScaleManagedFieldsTests
{
    private static readonly FieldPath Replicas = FieldPath.Of("spec", "replicas");

    private static ManagedFieldsEntry Entry(string manager, string operation, string apiVersion, params FieldPath[] paths) => new()
    {
        Manager = manager,
        Operation = operation,
        ApiVersion = apiVersion,
        Time = "2024-05-01T10:00:00Z",
        Fields = FieldSet.Of(paths),
    };

    [Fact]
    public void The_scale_shows_the_parents_owners_of_the_replicas_only()
    {
        var parent = new[]
        {
            Entry("apply_test", "Apply", "apps/v1", Replicas, FieldPath.Of("spec", "paused")),
            Entry("labeller", "Update", "apps/v1", FieldPath.Of("metadata", "labels")),
        };

        var scale = ScaleManagedFields.ToSubresource(parent, Replicas);

        var only = Assert.Single(scale);
        Assert.Equal(("apply_test", "Apply", "autoscaling/v1"), (only.Manager, only.Operation, only.ApiVersion));
        Assert.True(only.Fields.SetEquals(FieldSet.Of(Replicas)));
    }

    [Fact]
    public void A_new_owner_through_the_scale_takes_the_replicas_from_the_parents_owner_and_keeps_no_time()
    {
        var parent = new List<ManagedFieldsEntry> { Entry("apply_test", "Apply", "apps/v1", Replicas, FieldPath.Of("spec", "paused")) };
        var scaleAfterForce = new List<ManagedFieldsEntry>
        {
            new() { Manager = "apply_scale", Operation = "Apply", ApiVersion = "autoscaling/v1", Subresource = "scale", Time = "2024-05-01T11:00:00Z", Fields = FieldSet.Of(Replicas) },
        };

        var result = ScaleManagedFields.ToParent(parent, scaleAfterForce, Replicas, "apps/v1");

        Assert.Equal(2, result.Count);
        Assert.True(result[0].Fields.SetEquals(FieldSet.Of(FieldPath.Of("spec", "paused"))));
        Assert.Equal(("apply_scale", "scale", "apps/v1", (string?)null), (result[1].Manager, result[1].Subresource, result[1].ApiVersion, result[1].Time));
        Assert.True(result[1].Fields.SetEquals(FieldSet.Of(Replicas)));
    }

    [Fact]
    public void A_co_owner_through_the_scale_leaves_the_parents_entry_whole()
    {
        var parent = new List<ManagedFieldsEntry> { Entry("apply_test", "Apply", "apps/v1", Replicas, FieldPath.Of("spec", "paused")) };
        var scale = ScaleManagedFields.ToSubresource(parent, Replicas);
        scale.Add(new ManagedFieldsEntry { Manager = "co", Operation = "Apply", ApiVersion = "autoscaling/v1", Subresource = "scale", Fields = FieldSet.Of(Replicas) });

        var result = ScaleManagedFields.ToParent(parent, scale, Replicas, "apps/v1");

        Assert.Equal(["apply_test", "co"], result.Select(e => e.Manager));
        Assert.True(result[0].Fields.Has(Replicas) && result[0].Fields.Has(FieldPath.Of("spec", "paused")));
    }

    [Theory]
    [InlineData(".spec.replicas", ".spec.replicas")]
    [InlineData(".spec.size", ".spec.size")]
    public void A_crds_replicas_path_reads_as_a_field_path(string jsonPath, string printed) =>
        Assert.Equal(printed, ScaleManagedFields.PathOf(jsonPath).ToString());
}

using Dotkube.Controllers.Deployment;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Deployment;

public class PodTemplateHashTests
{
    private static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
    };

    [Fact]
    public void The_same_template_hashes_the_same_and_another_image_differently()
    {
        var a = PodTemplateHash.Compute(Template("nginx"), null);
        Assert.Equal(a, PodTemplateHash.Compute(Template("nginx"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:1.27"), null));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", a);
    }

    [Fact]
    public void A_collision_count_changes_the_hash()
    {
        Assert.NotEqual(PodTemplateHash.Compute(Template("nginx"), null), PodTemplateHash.Compute(Template("nginx"), 1));
        Assert.NotEqual(PodTemplateHash.Compute(Template("nginx"), 1), PodTemplateHash.Compute(Template("nginx"), 2));
    }

    [Theory]
    [InlineData("0123456789", "456789bcdf")] // the digits' bytes modulo the 27-letter alphabet
    [InlineData("3513441150", "7957885594")]
    public void Safe_encoding_maps_each_byte_onto_the_alphabet(string input, string expected) =>
        Assert.Equal(expected, PodTemplateHash.SafeEncode(input));
}

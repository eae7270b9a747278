using Dotkube.Node.Simulated;

namespace Dotkube.Node.Tests.Simulated;

public class ContainerImagesTests
{
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27")]
    [InlineData("jpetazzo/busyhttp", "docker.io/jpetazzo/busyhttp:latest")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    [InlineData("quay.io/a/b@sha256:abc", "quay.io/a/b@sha256:abc")]
    public void ImagesAreNamedAsContainerdReportsThem(string image, string normalized) =>
        Assert.Equal(normalized, ContainerImages.Normalize(image));

    [Fact]
    public void ImageIdsNameTheRepositoryAndADigest()
    {
        var id = ContainerImages.ImageId("nginx:1.27");
        Assert.StartsWith("docker.io/library/nginx@sha256:", id, StringComparison.Ordinal);
        Assert.Equal(64, id.Split(':')[^1].Length);
    }
}

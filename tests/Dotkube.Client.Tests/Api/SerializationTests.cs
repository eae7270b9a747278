using System.Text.Json;
using Dotkube.Client.Serialization;
using k8s.Models;

namespace Dotkube.Client.Tests.Api;

public sealed class SerializationTests
{
    [Theory]
    [InlineData("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z")]
    [InlineData("2026-01-02T03:04:05.1234567Z", "2026-01-02T03:04:05.123456Z")]
    [InlineData("2026-01-02T03:04:05.5Z", "2026-01-02T03:04:05.500000Z")]
    public void Whole_seconds_are_written_as_metav1_Time_and_finer_times_as_MicroTime(string input, string written)
    {
        var lease = new V1Lease { Spec = new V1LeaseSpec { RenewTime = DateTime.Parse(input, null, System.Globalization.DateTimeStyles.AdjustToUniversal) } };
        var json = JsonSerializer.Serialize(lease, KubeJson.Options);
        Assert.Contains($"\"renewTime\":\"{written}\"", json);
        var back = JsonSerializer.Deserialize<V1Lease>(json, KubeJson.Options)!;
        Assert.Equal(DateTimeKind.Utc, back.Spec.RenewTime!.Value.Kind);
    }

    [Fact]
    public void Quantities_and_int_or_string_keep_the_librarys_converters()
    {
        var json = """{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"250m"}},"ports":[{"containerPort":80}],"livenessProbe":{"httpGet":{"port":"http"}}}]}}""";
        var pod = JsonSerializer.Deserialize<V1Pod>(json, KubeJson.Options)!;
        Assert.Equal("250m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        var again = JsonSerializer.Serialize(pod, KubeJson.Options);
        Assert.Contains("\"cpu\":\"250m\"", again);
        Assert.Contains("\"port\":\"http\"", again);
    }
}

using Dotkube.Controllers.Certificates;
using k8s.Models;

namespace Dotkube.Controllers.Tests.Certificates;

public class CsrCleanupTests
{
    private static readonly DateTime Created = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static V1CertificateSigningRequest Csr(string? condition, int decidedAfterMinutes = 10) => new()
    {
        Metadata = new V1ObjectMeta { Name = "jean", CreationTimestamp = Created },
        Status = new V1CertificateSigningRequestStatus
        {
            Conditions = condition is null ? null : [new V1CertificateSigningRequestCondition { Type = condition, Status = "True", LastUpdateTime = Created.AddMinutes(decidedAfterMinutes) }],
        },
    };

    [Theory]
    [InlineData("a pending request goes after 24 hours", null, 24 * 60)]
    [InlineData("a denied request goes an hour after its denial", "Denied", 70)]
    [InlineData("a failed request goes an hour after failing", "Failed", 70)]
    public void Requests_are_deleted_at_upstreams_deadlines(string what, string? condition, int minutesAfterCreation)
    {
        var (at, _) = CsrCleanup.DeleteAt(Csr(condition));
        Assert.True(new DateTimeOffset(Created).AddMinutes(minutesAfterCreation) == at, what);
    }

    [Fact]
    public void An_approved_request_without_a_certificate_is_kept()
    {
        Assert.Equal(DateTimeOffset.MaxValue, CsrCleanup.DeleteAt(Csr("Approved")).At);
    }

    [Fact]
    public void An_issued_request_goes_when_its_certificate_expires_if_that_is_sooner_than_an_hour()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var cert = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=jean", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(Created, Created.AddMinutes(30));
        var csr = Csr("Approved");
        csr.Status.Certificate = System.Text.Encoding.ASCII.GetBytes(cert.ExportCertificatePem());
        var (at, why) = CsrCleanup.DeleteAt(csr);
        Assert.Equal(new DateTimeOffset(Created).AddMinutes(30), at);
        Assert.Equal("its certificate has expired", why);
    }
}

using System.Security.Cryptography.X509Certificates;
using Dotkube.ApiServer.Authentication;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Tests.Security;

public class RequestHeaderAuthenticatorTests
{
    private static RequestHeaderAuthenticator Authenticator(bool trusted, params string[] allowed) => new(new RequestHeaderOptions
    {
        VerifyProxy = (X509Certificate2 _, out string user, out string[] groups, out string? failure) =>
        {
            user = trusted ? "front-proxy" : "";
            groups = [];
            failure = trusted ? null : "the certificate does not verify against the proxy CA";
            return trusted;
        },
        AllowedNames = allowed,
    });

    private static DefaultHttpContext Request(bool withCertificate = true)
    {
        var ctx = new DefaultHttpContext();
        if (withCertificate)
        {
            using var key = System.Security.Cryptography.ECDsa.Create();
            ctx.Connection.ClientCertificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=front-proxy", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        }
        ctx.Request.Headers["X-Remote-User"] = "jane";
        ctx.Request.Headers.Append("X-Remote-Group", "devs");
        ctx.Request.Headers.Append("X-Remote-Group", "ops");
        ctx.Request.Headers["X-Remote-Extra-Acme.com%2Fproject"] = "blue";
        return ctx;
    }

    [Fact]
    public async Task The_proxy_names_the_user_groups_and_extra()
    {
        var user = await Authenticator(trusted: true, "front-proxy").AuthenticateAsync(Request());
        Assert.Equal("jane", user!.Name);
        Assert.Equal(["devs", "ops"], user.Groups);
        Assert.Equal(["blue"], user.Extra!["acme.com/project"]);
    }

    [Fact]
    public async Task A_proxy_certificate_of_another_ca_is_refused()
    {
        var e = await Assert.ThrowsAsync<AuthenticationException>(() => Authenticator(trusted: false).AuthenticateAsync(Request()).AsTask());
        Assert.Contains("does not verify against the proxy CA", e.Message);
    }

    [Fact]
    public async Task A_proxy_name_outside_the_allowed_list_is_refused()
    {
        var e = await Assert.ThrowsAsync<AuthenticationException>(() => Authenticator(trusted: true, "other-proxy").AuthenticateAsync(Request()).AsTask());
        Assert.Contains("cn=front-proxy is not in the allowed list", e.Message);
    }

    [Fact]
    public async Task Headers_without_the_proxy_certificate_authenticate_nobody()
    {
        Assert.Null(await Authenticator(trusted: true).AuthenticateAsync(Request(withCertificate: false)));
    }
}

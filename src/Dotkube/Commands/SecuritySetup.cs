using System.Security.Cryptography.X509Certificates;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authentication.ServiceAccounts;
using Dotkube.ApiServer.Authentication.Tokens;
using Dotkube.ApiServer.Authentication.Webhook;
using Dotkube.ApiServer.Hosting;
using Dotkube.Pki;
using Microsoft.Extensions.Logging;

namespace Dotkube.Commands;

/// <summary>Turns the authentication flags and the cluster PKI into the API server's security options.</summary>
public static class SecuritySetup
{
    public static SecurityOptions Build(SecuritySettings s, ClusterPki pki, ILogger log)
    {
        var signingKey = s.ServiceAccountSigningKeyFile is { } keyFile
            ? JwtKey.LoadPrivatePem(keyFile)
            : new JwtKey(pki.ServiceAccountKey);
        var verification = new List<JwtKey> { signingKey };
        foreach (var file in s.ServiceAccountKeyFiles)
        {
            verification.AddRange(JwtKey.LoadPem(file));
        }
        var issuers = s.ServiceAccountIssuers.Count > 0 ? s.ServiceAccountIssuers : [ServiceAccountTokenOptions.DefaultIssuer];
        var audiences = s.ApiAudiences.Count > 0 ? s.ApiAudiences : issuers;

        StaticTokenAuthenticator? staticTokens = null;
        if (s.TokenAuthFile is { } tokenFile)
        {
            var warnings = new List<string>();
            staticTokens = StaticTokenAuthenticator.FromFile(tokenFile, audiences, warnings);
            foreach (var w in warnings)
            {
                log.LogWarning("{Warning}", w);
            }
        }

        RequestHeaderOptions? requestHeader = null;
        if (s.RequestHeaderClientCaFile is { } proxyCa)
        {
            requestHeader = new RequestHeaderOptions
            {
                VerifyProxy = CertificateBundleVerifier.FromFile(proxyCa, TimeProvider.System).Verify,
                AllowedNames = s.RequestHeaderAllowedNames,
                UsernameHeaders = s.RequestHeaderUsernameHeaders,
                GroupHeaders = s.RequestHeaderGroupHeaders,
                ExtraHeaderPrefixes = s.RequestHeaderExtraHeadersPrefix,
            };
        }

        OidcAuthenticator? oidc = null;
        if (s.OidcIssuerUrl is { } issuerUrl)
        {
            oidc = new OidcAuthenticator(new OidcOptions
            {
                IssuerUrl = issuerUrl,
                ClientId = s.OidcClientId!,
                UsernameClaim = s.OidcUsernameClaim,
                UsernamePrefix = s.OidcUsernamePrefix,
                GroupsClaim = s.OidcGroupsClaim,
                GroupsPrefix = s.OidcGroupsPrefix,
                SigningAlgorithms = s.OidcSigningAlgs,
                RequiredClaims = s.OidcRequiredClaims,
            }, OidcHttpClient(s.OidcCaFile), TimeProvider.System);
        }

        ITokenAuthenticator? webhook = null;
        if (s.WebhookTokenConfigFile is { } webhookConfig)
        {
            var (endpoint, client) = WebhookKubeconfig.Load(webhookConfig);
            var remote = new WebhookTokenAuthenticator(new WebhookTokenOptions
            {
                Endpoint = endpoint,
                Version = s.WebhookTokenVersion,
                ImplicitAudiences = audiences,
            }, client);
            webhook = new CachedTokenAuthenticator(remote, s.WebhookTokenCacheTtl, TimeProvider.System);
        }

        return new SecurityOptions
        {
            AnonymousAuth = s.AnonymousAuth,
            ApiAudiences = audiences,
            StaticTokens = staticTokens,
            ServiceAccounts = new ServiceAccountTokenOptions
            {
                Issuers = issuers,
                ApiAudiences = audiences,
                SigningKey = signingKey,
                VerificationKeys = verification,
                ExtendExpiration = s.ServiceAccountExtendTokenExpiration,
                MaxExpiration = s.ServiceAccountMaxTokenExpiration,
            },
            BootstrapTokens = s.EnableBootstrapTokenAuth,
            RequestHeader = requestHeader,
            Oidc = oidc,
            WebhookTokens = webhook,
        };
    }

    /// <summary>Client certificates: the cluster CA, then the --client-ca-file bundle if given.</summary>
    public static ClientCertificateAuthenticator.Verifier ClientCertificateVerifier(ClusterPki pki, string? clientCaFile)
    {
        if (clientCaFile is null)
        {
            return pki.VerifyClientCertificate;
        }
        var extra = CertificateBundleVerifier.FromFile(clientCaFile, TimeProvider.System);
        return (X509Certificate2 cert, out string user, out string[] groups, out string? failure) =>
        {
            if (pki.VerifyClientCertificate(cert, out user, out groups, out var clusterFailure))
            {
                failure = null;
                return true;
            }
            if (extra.Verify(cert, out user, out groups, out var bundleFailure))
            {
                failure = null;
                return true;
            }
            failure = $"{clusterFailure}; {bundleFailure}";
            return false;
        };
    }

    private static HttpClient OidcHttpClient(string? caFile)
    {
        var handler = new HttpClientHandler();
        if (caFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
            {
                if (cert is null)
                {
                    return false;
                }
                if (errors == System.Net.Security.SslPolicyErrors.None)
                {
                    return true;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert) && (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}

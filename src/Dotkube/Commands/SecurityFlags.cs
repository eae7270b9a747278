using System.CommandLine;
using Dotkube.Machinery.Time;

namespace Dotkube.Commands;

/// <summary>The authentication flags of <c>dotkube server</c>, named as kube-apiserver names them.</summary>
public sealed class SecurityFlags
{
    private readonly Option<string?> tokenAuthFile = new("--token-auth-file") { Description = "CSV of static bearer tokens: token,user,uid,\"group1,group2\"" };
    private readonly Option<string?> clientCaFile = new("--client-ca-file") { Description = "Extra CA bundle for client certificates (the cluster CA is always trusted)" };
    private readonly Option<string?> saSigningKey = new("--service-account-signing-key-file") { Description = "Private key that signs service account tokens (default: <data-dir>/pki/sa.key, made on first start)" };
    private readonly Option<string[]> saKeyFiles = new("--service-account-key-file") { Description = "PEM keys that verify service account tokens (repeatable); the signing key always does" };
    private readonly Option<string[]> saIssuers = new("--service-account-issuer") { Description = "Issuer of service account tokens (repeatable: the first is used to issue, all are accepted)" };
    private readonly Option<string[]> apiAudiences = new("--api-audiences") { Description = "Audiences of the API (comma-separated); defaults to the service account issuers" };
    private readonly Option<string?> saMaxExpiration = new("--service-account-max-token-expiration") { Description = "Longest service account token TokenRequest issues (e.g. 48h); unset means no cap" };
    private readonly Option<bool> saExtend = new("--service-account-extend-token-expiration") { Description = "Issue projected-volume tokens for a year, warning after an hour, as upstream", DefaultValueFactory = _ => true };
    private readonly Option<bool> legacySecrets = new("--legacy-service-account-token-secrets") { Description = "Create a kubernetes.io/service-account-token Secret for every service account (pre-1.24 behaviour)" };
    private readonly Option<string?> rhCaFile = new("--requestheader-client-ca-file") { Description = "CA bundle of the authenticating proxy's client certificates; enables request-header authentication" };
    private readonly Option<string[]> rhAllowedNames = new("--requestheader-allowed-names") { Description = "Common names the proxy certificate may have (comma-separated); empty allows any" };
    private readonly Option<string[]> rhUserHeaders = new("--requestheader-username-headers") { Description = "Headers carrying the user name", DefaultValueFactory = _ => ["X-Remote-User"] };
    private readonly Option<string[]> rhGroupHeaders = new("--requestheader-group-headers") { Description = "Headers carrying groups", DefaultValueFactory = _ => ["X-Remote-Group"] };
    private readonly Option<string[]> rhExtraPrefixes = new("--requestheader-extra-headers-prefix") { Description = "Header prefixes carrying extra attributes", DefaultValueFactory = _ => ["X-Remote-Extra-"] };
    private readonly Option<string?> oidcIssuer = new("--oidc-issuer-url") { Description = "OpenID Connect issuer (https); enables OIDC token authentication" };
    private readonly Option<string?> oidcClientId = new("--oidc-client-id") { Description = "Client id every OIDC token must be issued for" };
    private readonly Option<string> oidcUserClaim = new("--oidc-username-claim") { Description = "Claim used as the user name", DefaultValueFactory = _ => "sub" };
    private readonly Option<string?> oidcUserPrefix = new("--oidc-username-prefix") { Description = "Prefix for OIDC user names ('-' for none; default: issuer URL and '#' unless the claim is email)" };
    private readonly Option<string> oidcGroupsClaim = new("--oidc-groups-claim") { Description = "Claim holding the user's groups", DefaultValueFactory = _ => "" };
    private readonly Option<string> oidcGroupsPrefix = new("--oidc-groups-prefix") { Description = "Prefix for OIDC groups", DefaultValueFactory = _ => "" };
    private readonly Option<string?> oidcCaFile = new("--oidc-ca-file") { Description = "CA bundle for the OIDC issuer's TLS certificate (default: the system roots)" };
    private readonly Option<string[]> oidcAlgs = new("--oidc-signing-algs") { Description = "Accepted signing algorithms (comma-separated)", DefaultValueFactory = _ => ["RS256"] };
    private readonly Option<string[]> oidcRequired = new("--oidc-required-claim") { Description = "key=value claims every OIDC token must carry (repeatable)" };
    private readonly Option<bool> anonymous = new("--anonymous-auth") { Description = "Requests without credentials are system:anonymous (false: 401)", DefaultValueFactory = _ => true };
    private readonly Option<bool> bootstrap = new("--enable-bootstrap-token-auth") { Description = "Accept bootstrap tokens (bootstrap.kubernetes.io/token Secrets in kube-system)" };
    private readonly Option<string?> webhookConfig = new("--authentication-token-webhook-config-file") { Description = "Kubeconfig naming the remote service that reviews bearer tokens (TokenReview)" };
    private readonly Option<string> webhookVersion = new("--authentication-token-webhook-version") { Description = "TokenReview version sent to the webhook (v1 or v1beta1)", DefaultValueFactory = _ => "v1" };
    private readonly Option<string> webhookCacheTtl = new("--authentication-token-webhook-cache-ttl") { Description = "How long the webhook's answers are cached", DefaultValueFactory = _ => "2m" };
    private readonly Option<string> signingDuration = new("--cluster-signing-duration") { Description = "Longest certificate the CSR signer issues", DefaultValueFactory = _ => "8760h" };

    private readonly CsrSigningFlags csrSigning = new();

    public void AddTo(Command command)
    {
        csrSigning.AddTo(command);
        foreach (var o in new Option[]
        {
            tokenAuthFile, clientCaFile, saSigningKey, saKeyFiles, saIssuers, apiAudiences, saMaxExpiration, saExtend, legacySecrets,
            rhCaFile, rhAllowedNames, rhUserHeaders, rhGroupHeaders, rhExtraPrefixes,
            oidcIssuer, oidcClientId, oidcUserClaim, oidcUserPrefix, oidcGroupsClaim, oidcGroupsPrefix, oidcCaFile, oidcAlgs, oidcRequired,
            anonymous, bootstrap, signingDuration, webhookConfig, webhookVersion, webhookCacheTtl,
        })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The parsed settings, or the first flag error.</summary>
    public (SecuritySettings? Settings, string? Error) Read(ParseResult parse)
    {
        TimeSpan? maxExpiration = null;
        if (parse.GetValue(saMaxExpiration) is { } max)
        {
            if (!GoDuration.TryParse(max, out var m))
            {
                return (null, $"--service-account-max-token-expiration: invalid duration \"{max}\"");
            }
            maxExpiration = m;
        }
        if (!GoDuration.TryParse(parse.GetValue(signingDuration)!, out var signing))
        {
            return (null, $"--cluster-signing-duration: invalid duration \"{parse.GetValue(signingDuration)}\"");
        }
        if (!GoDuration.TryParse(parse.GetValue(webhookCacheTtl)!, out var webhookTtl))
        {
            return (null, $"--authentication-token-webhook-cache-ttl: invalid duration \"{parse.GetValue(webhookCacheTtl)}\"");
        }
        if (!Dotkube.ApiServer.Authentication.Webhook.WebhookTokenOptions.Versions.Contains(parse.GetValue(webhookVersion)!))
        {
            return (null, $"--authentication-token-webhook-version: unsupported version \"{parse.GetValue(webhookVersion)}\", supported versions are \"v1\" and \"v1beta1\"");
        }
        var (signingFiles, signingError) = csrSigning.Read(parse);
        if (signingFiles is null)
        {
            return (null, signingError);
        }
        var required = new Dictionary<string, string>();
        foreach (var pair in List(parse, oidcRequired))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                return (null, $"--oidc-required-claim: expected key=value, got \"{pair}\"");
            }
            required[pair[..eq]] = pair[(eq + 1)..];
        }
        if (parse.GetValue(oidcIssuer) is { } issuer)
        {
            if (!issuer.StartsWith("https://", StringComparison.Ordinal))
            {
                return (null, $"--oidc-issuer-url must be an https URL, got \"{issuer}\"");
            }
            if (string.IsNullOrEmpty(parse.GetValue(oidcClientId)))
            {
                return (null, "--oidc-client-id is required with --oidc-issuer-url");
            }
        }
        return (new SecuritySettings
        {
            TokenAuthFile = parse.GetValue(tokenAuthFile),
            ClientCaFile = parse.GetValue(clientCaFile),
            ServiceAccountSigningKeyFile = parse.GetValue(saSigningKey),
            ServiceAccountKeyFiles = List(parse, saKeyFiles, split: false),
            ServiceAccountIssuers = List(parse, saIssuers, split: false),
            ApiAudiences = List(parse, apiAudiences),
            ServiceAccountMaxTokenExpiration = maxExpiration,
            ServiceAccountExtendTokenExpiration = parse.GetValue(saExtend),
            LegacyServiceAccountTokenSecrets = parse.GetValue(legacySecrets),
            RequestHeaderClientCaFile = parse.GetValue(rhCaFile),
            RequestHeaderAllowedNames = List(parse, rhAllowedNames),
            RequestHeaderUsernameHeaders = List(parse, rhUserHeaders),
            RequestHeaderGroupHeaders = List(parse, rhGroupHeaders),
            RequestHeaderExtraHeadersPrefix = List(parse, rhExtraPrefixes),
            OidcIssuerUrl = parse.GetValue(oidcIssuer),
            OidcClientId = parse.GetValue(oidcClientId),
            OidcUsernameClaim = parse.GetValue(oidcUserClaim)!,
            OidcUsernamePrefix = parse.GetValue(oidcUserPrefix),
            OidcGroupsClaim = parse.GetValue(oidcGroupsClaim)!,
            OidcGroupsPrefix = parse.GetValue(oidcGroupsPrefix)!,
            OidcCaFile = parse.GetValue(oidcCaFile),
            OidcSigningAlgs = List(parse, oidcAlgs),
            OidcRequiredClaims = required,
            AnonymousAuth = parse.GetValue(anonymous),
            EnableBootstrapTokenAuth = parse.GetValue(bootstrap),
            ClusterSigningDuration = signing,
            ClusterSigningFiles = signingFiles,
            WebhookTokenConfigFile = parse.GetValue(webhookConfig),
            WebhookTokenVersion = parse.GetValue(webhookVersion)!,
            WebhookTokenCacheTtl = webhookTtl,
        }, null);
    }

    /// <summary>A string-slice flag as pflag reads it: repeatable, and comma-separated unless <paramref name="split"/> is false.</summary>
    private static List<string> List(ParseResult parse, Option<string[]> option, bool split = true) =>
        [.. (parse.GetValue(option) ?? []).SelectMany(v => split ? v.Split(',') : [v]).Select(v => v.Trim()).Where(v => v.Length > 0)];
}

/// <summary>The authentication flags after parsing.</summary>
public sealed record SecuritySettings
{
    public string? TokenAuthFile { get; init; }
    public string? ClientCaFile { get; init; }
    public string? ServiceAccountSigningKeyFile { get; init; }
    public IReadOnlyList<string> ServiceAccountKeyFiles { get; init; } = [];
    public IReadOnlyList<string> ServiceAccountIssuers { get; init; } = [];
    public IReadOnlyList<string> ApiAudiences { get; init; } = [];
    public TimeSpan? ServiceAccountMaxTokenExpiration { get; init; }
    public bool ServiceAccountExtendTokenExpiration { get; init; } = true;
    public bool LegacyServiceAccountTokenSecrets { get; init; }
    public string? RequestHeaderClientCaFile { get; init; }
    public IReadOnlyList<string> RequestHeaderAllowedNames { get; init; } = [];
    public IReadOnlyList<string> RequestHeaderUsernameHeaders { get; init; } = ["X-Remote-User"];
    public IReadOnlyList<string> RequestHeaderGroupHeaders { get; init; } = ["X-Remote-Group"];
    public IReadOnlyList<string> RequestHeaderExtraHeadersPrefix { get; init; } = ["X-Remote-Extra-"];
    public string? OidcIssuerUrl { get; init; }
    public string? OidcClientId { get; init; }
    public string OidcUsernameClaim { get; init; } = "sub";
    public string? OidcUsernamePrefix { get; init; }
    public string OidcGroupsClaim { get; init; } = "";
    public string OidcGroupsPrefix { get; init; } = "";
    public string? OidcCaFile { get; init; }
    public IReadOnlyList<string> OidcSigningAlgs { get; init; } = ["RS256"];
    public IReadOnlyDictionary<string, string> OidcRequiredClaims { get; init; } = new Dictionary<string, string>();
    public bool AnonymousAuth { get; init; } = true;
    public bool EnableBootstrapTokenAuth { get; init; }
    public TimeSpan ClusterSigningDuration { get; init; } = TimeSpan.FromDays(365);
    public CsrSigningFiles ClusterSigningFiles { get; init; } = CsrSigningFiles.None;
    public string? WebhookTokenConfigFile { get; init; }
    public string WebhookTokenVersion { get; init; } = "v1";
    public TimeSpan WebhookTokenCacheTtl { get; init; } = TimeSpan.FromMinutes(2);
}

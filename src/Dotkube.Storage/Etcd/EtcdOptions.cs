namespace Dotkube.Storage.Etcd;

/// <summary>How to reach an etcd cluster: the <c>--datastore etcd://…</c> URI and the <c>--etcd-*</c> TLS flags.</summary>
/// <param name="Endpoints">client URLs of the members (http:// or, with TLS, https://).</param>
/// <param name="CaFile">PEM bundle that signs the members' serving certificates; null = the system's trust store.</param>
/// <param name="CertFile">PEM client certificate presented to etcd (with <paramref name="KeyFile"/>).</param>
/// <param name="KeyFile">PEM private key of <paramref name="CertFile"/>.</param>
/// <param name="MaxRequestBytes">
/// the members' <c>--max-request-bytes</c> (etcd's default is 1.5 MiB). Values larger than this are refused
/// before they are sent, with <see cref="ValueTooLargeException"/>, instead of etcd's "request is too large".
/// </param>
public sealed record EtcdOptions(
    IReadOnlyList<Uri> Endpoints,
    string? CaFile = null,
    string? CertFile = null,
    string? KeyFile = null,
    int MaxRequestBytes = EtcdOptions.DefaultMaxRequestBytes)
{
    /// <summary>etcd's default <c>--max-request-bytes</c>: 1.5 MiB.</summary>
    public const int DefaultMaxRequestBytes = 3 * 512 * 1024;

    /// <summary>
    /// Room left in a request for everything but the value: the key (twice, in the comparison and the put)
    /// and the transaction's framing. Kubernetes keys stay far below it.
    /// </summary>
    public const int RequestOverheadBytes = 4 * 1024;

    /// <summary>The largest value a member with this <see cref="MaxRequestBytes"/> takes.</summary>
    public int MaxValueBytes => MaxRequestBytes - RequestOverheadBytes;

    /// <summary>The URI scheme of the <c>--datastore</c> flag.</summary>
    public const string Scheme = "etcd";

    /// <summary>True when TLS is used (a CA file or client certificate was given).</summary>
    public bool UseTls => CaFile is not null || CertFile is not null;

    /// <summary>
    /// Parses <c>etcd://HOST:PORT[,HOST:PORT…]</c>. Members are reached over https when any TLS file is given,
    /// otherwise over plain http (etcd's own default for loopback clusters).
    /// </summary>
    /// <exception cref="FormatException">the URI is not of that form.</exception>
    public static EtcdOptions Parse(string datastore, string? caFile = null, string? certFile = null, string? keyFile = null)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        const string prefix = Scheme + "://";
        if (!datastore.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"an etcd datastore is written etcd://HOST:PORT[,HOST:PORT...], got \"{datastore}\"");
        }

        if ((certFile is null) != (keyFile is null))
        {
            throw new FormatException("--etcd-certfile and --etcd-keyfile must be given together");
        }

        var tls = caFile is not null || certFile is not null;
        var hosts = datastore[prefix.Length..].TrimEnd('/').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (hosts.Length == 0)
        {
            throw new FormatException($"no etcd endpoint in \"{datastore}\"");
        }

        var endpoints = new List<Uri>(hosts.Length);
        foreach (var host in hosts)
        {
            if (!Uri.TryCreate($"{(tls ? "https" : "http")}://{host}", UriKind.Absolute, out var uri)
                || !host.Contains(':', StringComparison.Ordinal) || uri.AbsolutePath != "/" || uri.Host.Length == 0)
            {
                throw new FormatException($"etcd endpoint \"{host}\" in \"{datastore}\" is not HOST:PORT");
            }

            endpoints.Add(uri);
        }

        return new EtcdOptions(endpoints, caFile, certFile, keyFile);
    }
}

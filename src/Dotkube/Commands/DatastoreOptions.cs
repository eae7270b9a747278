using System.CommandLine;
using Dotkube.Storage;
using Dotkube.Storage.Etcd;

namespace Dotkube.Commands;

/// <summary>The flags that name a datastore, shared by <c>server</c> and <c>datastore</c>.</summary>
public static class DatastoreOptions
{
    /// <summary>An option whose value must be a datastore <see cref="StoreFactory"/> opens.</summary>
    public static Option<string> Datastore(string description, string name = "--datastore")
    {
        var option = new Option<string>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && StoreFactory.Validate(result.Tokens[0].Value) is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    /// <summary>kube-apiserver's <c>--etcd-cafile</c>, <c>--etcd-certfile</c> and <c>--etcd-keyfile</c>.</summary>
    public sealed class EtcdFlags
    {
        public Option<string?> CaFile { get; } = new("--etcd-cafile") { Description = "PEM CA bundle that verifies the etcd members' serving certificates" };

        public Option<string?> CertFile { get; } = new("--etcd-certfile") { Description = "PEM client certificate presented to etcd" };

        public Option<string?> KeyFile { get; } = new("--etcd-keyfile") { Description = "PEM private key of --etcd-certfile" };

        public EtcdTls? Read(ParseResult parse)
        {
            var (ca, cert, key) = (parse.GetValue(CaFile), parse.GetValue(CertFile), parse.GetValue(KeyFile));
            return ca is null && cert is null && key is null ? null : new EtcdTls(Full(ca), Full(cert), Full(key));
        }

        private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
    }
}

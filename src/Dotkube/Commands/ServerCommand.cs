using System.CommandLine;
using System.Net;
using Dotkube.Storage;

namespace Dotkube.Commands;

/// <summary><c>dotkube server</c>: the control plane on one machine.</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the datastore, certificates and kubeconfig",
            DefaultValueFactory = _ => "./.dotkube",
        };
        var bind = new Option<string>("--bind-address")
        {
            Description = "Address to listen on",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "HTTPS port of the API server",
            DefaultValueFactory = _ => 6443,
        };
        var datastore = new Option<string>("--datastore")
        {
            Description = "Where state lives: sqlite (default, in the data dir) or memory",
            DefaultValueFactory = _ => "sqlite",
        };
        datastore.AcceptOnlyFromAmong([.. StoreFactory.Datastores]);
        var legacyApiVersions = new Option<bool>("--legacy-api-versions")
        {
            Description = "Also serve the API versions Kubernetes removed since 2020 (extensions/v1beta1, rbac v1beta1, ...), with deprecation warnings",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("server", "Run the API server (and, as they arrive, controllers, scheduler and nodes)")
        {
            dataDir, bind, port, datastore, legacyApiVersions,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                await Console.Error.WriteLineAsync($"error: --bind-address must be an IP address, got \"{parse.GetValue(bind)}\"");
                return 2;
            }
            var settings = new ServerSettings(
                Path.GetFullPath(parse.GetValue(dataDir)!),
                address,
                parse.GetValue(port),
                parse.GetValue(datastore)!,
                parse.GetValue(legacyApiVersions));
            return await ServerRunner.RunAsync(settings, ct);
        });
        return command;
    }
}

/// <summary>The server's settings after parsing.</summary>
public sealed record ServerSettings(string DataDir, IPAddress BindAddress, int Port, string Datastore, bool LegacyApiVersions = true);

using System.CommandLine;
using Dotkube.Commands;

var root = new RootCommand("dotkube: a Kubernetes-compatible cluster in one binary");
root.Subcommands.Add(ServerCommand.Create());
root.Subcommands.Add(KubeconfigCommand.Create());
root.Subcommands.Add(WhoCanCommand.Create());
root.Subcommands.Add(DatastoreCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
return await root.Parse(args).InvokeAsync();

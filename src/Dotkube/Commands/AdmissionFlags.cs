using System.CommandLine;
using Dotkube.ApiServer.Admission;

namespace Dotkube.Commands;

/// <summary>kube-apiserver's admission flags on <c>dotkube server</c>.</summary>
public sealed class AdmissionFlags
{
    private readonly Option<string[]> enable = new("--enable-admission-plugins")
    {
        Description = "Admission plugins to turn on in addition to the default ones (comma-separated; they run in kube-apiserver's fixed order, not the order given): "
            + string.Join(", ", AdmissionPluginCatalog.All.Where(e => e.Implemented).Select(e => e.Name).Order(StringComparer.Ordinal)),
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> disable = new("--disable-admission-plugins")
    {
        Description = "Admission plugins to turn off although they are on by default (comma-separated)",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<long> notReady = new("--default-not-ready-toleration-seconds")
    {
        Description = "tolerationSeconds of the not-ready:NoExecute toleration DefaultTolerationSeconds adds to every pod that has none",
        DefaultValueFactory = _ => 300,
    };

    private readonly Option<long> unreachable = new("--default-unreachable-toleration-seconds")
    {
        Description = "tolerationSeconds of the unreachable:NoExecute toleration DefaultTolerationSeconds adds to every pod that has none",
        DefaultValueFactory = _ => 300,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(enable);
        command.Options.Add(disable);
        command.Options.Add(notReady);
        command.Options.Add(unreachable);
        command.Validators.Add(r =>
        {
            try
            {
                AdmissionPluginCatalog.Select(Read(r.GetValue(enable), r.GetValue(disable), 300, 300));
            }
            catch (ArgumentException e)
            {
                r.AddError(e.Message);
            }
        });
    }

    public AdmissionOptions Read(ParseResult parse) =>
        Read(parse.GetValue(enable), parse.GetValue(disable), parse.GetValue(notReady), parse.GetValue(unreachable));

    private static AdmissionOptions Read(string[]? enabled, string[]? disabled, long notReadySeconds, long unreachableSeconds) => new()
    {
        Enable = Split(enabled),
        Disable = Split(disabled),
        DefaultNotReadyTolerationSeconds = notReadySeconds,
        DefaultUnreachableTolerationSeconds = unreachableSeconds,
    };

    private static List<string> Split(string[]? items) =>
        [.. (items ?? []).SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

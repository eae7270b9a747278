namespace Dotkube.ApiServer.Admission;

/// <summary>
/// The enabled admission plugins in upstream's order. Every write runs
/// <see cref="MutateAsync"/> (all mutating plugins, in order), then the registry validates the
/// object, then <see cref="ValidateAsync"/> (all validating plugins, in order) — so a validating
/// plugin sees what will be stored, as in kube-apiserver.
/// </summary>
public sealed class AdmissionChain
{
    private readonly IMutatingAdmissionPlugin[] mutating;
    private readonly IValidatingAdmissionPlugin[] validating;

    public AdmissionChain(IEnumerable<IAdmissionPlugin> plugins)
    {
        Plugins = [.. plugins];
        mutating = [.. Plugins.OfType<IMutatingAdmissionPlugin>()];
        validating = [.. Plugins.OfType<IValidatingAdmissionPlugin>()];
    }

    public static AdmissionChain Empty { get; } = new([]);

    public IReadOnlyList<IAdmissionPlugin> Plugins { get; }

    public async ValueTask MutateAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        foreach (var plugin in mutating)
        {
            await plugin.AdmitAsync(attributes, ct);
        }
    }

    public async ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken ct)
    {
        foreach (var plugin in validating)
        {
            await plugin.ValidateAsync(attributes, ct);
        }
    }
}

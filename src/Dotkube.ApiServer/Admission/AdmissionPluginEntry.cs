namespace Dotkube.ApiServer.Admission;

/// <summary>
/// One admission plugin kube-apiserver knows, by its upstream name.
/// </summary>
/// <param name="DefaultOn">on unless --disable-admission-plugins names it.</param>
/// <param name="Create">builds the plugin; null for a plugin dotkube does not implement (yet):
/// naming it in --enable-admission-plugins refuses to start.</param>
public sealed record AdmissionPluginEntry(string Name, bool DefaultOn, Func<AdmissionPluginContext, IAdmissionPlugin>? Create)
{
    public bool Implemented => Create is not null;
}

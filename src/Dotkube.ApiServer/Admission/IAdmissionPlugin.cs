namespace Dotkube.ApiServer.Admission;

/// <summary>
/// One admission plugin, named as upstream names it (e.g. "LimitRanger") so
/// --enable-admission-plugins / --disable-admission-plugins can select it. A plugin takes part
/// in the mutating phase, the validating phase or both by implementing
/// <see cref="IMutatingAdmissionPlugin"/> and/or <see cref="IValidatingAdmissionPlugin"/>.
/// </summary>
public interface IAdmissionPlugin
{
    string Name { get; }
}

/// <summary>
/// Mutating phase: runs before schema/strategy validation and may change
/// <see cref="AdmissionAttributes.Object"/> in place. Refuses by throwing a StatusException.
/// </summary>
public interface IMutatingAdmissionPlugin : IAdmissionPlugin
{
    ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}

/// <summary>
/// Validating phase: runs after validation, on the final object, and must not change it.
/// Refuses by throwing a StatusException.
/// </summary>
public interface IValidatingAdmissionPlugin : IAdmissionPlugin
{
    ValueTask ValidateAsync(AdmissionAttributes attributes, CancellationToken cancellationToken);
}

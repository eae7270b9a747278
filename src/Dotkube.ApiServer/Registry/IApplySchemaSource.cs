using Dotkube.Machinery.Apply;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// A strategy whose objects' server-side apply schema is not a client model class: custom
/// resources, whose schema comes from their CRD's structural schema.
/// </summary>
public interface IApplySchemaSource
{
    /// <summary>The apply schema of the resource in <paramref name="version"/>, or null to fall back to a deduced one.</summary>
    TypeSchema? ApplySchema(string version);
}

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// A converter that also applies the target version's defaults (custom resources default on
/// read from storage, as upstream), so it runs even when the object is already in that version.
/// </summary>
public interface IDefaultingConverter : IVersionConverter
{
}

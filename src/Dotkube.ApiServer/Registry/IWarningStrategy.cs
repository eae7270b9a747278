using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// A strategy whose resource warns about what it accepts (upstream's WarningsOnCreate and
/// WarningsOnUpdate): deprecated fields, values or annotations. The generic store asks once the
/// object is valid, before validating admission, and each text becomes a <c>Warning: 299</c>
/// header of the request (also on dry run). Status writes do not warn, as upstream's status
/// strategies return none. Texts carry their field path, e.g.
/// <c>spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. …</c>.
/// </summary>
public interface IWarningStrategy
{
    IReadOnlyList<string> WarningsOnCreate(JsonObject obj);

    IReadOnlyList<string> WarningsOnUpdate(JsonObject obj, JsonObject old);
}

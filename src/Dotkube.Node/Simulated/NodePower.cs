namespace Dotkube.Node.Simulated;

/// <summary>
/// Stopping and starting a simulated node through the API: the annotation
/// <c>sim.dotkube.io/power: "off"</c> on its Node makes its agent go silent (no Lease renewals, no
/// status, no pod updates) as a machine that lost power would; removing it (or "on") brings the
/// node back. <c>dotkube node stop|start NAME</c> sets it.
/// </summary>
public static class NodePower
{
    public const string Annotation = PodBehaviour.Prefix + "power";

    public static bool IsOff(IDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(Annotation, out var v) && v == "off";
}

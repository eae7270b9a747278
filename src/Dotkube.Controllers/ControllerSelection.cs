namespace Dotkube.Controllers;

/// <summary>
/// kube-controller-manager's <c>--controllers</c> list: <c>*</c> turns on every controller that is
/// on by default, <c>NAME</c> turns one on, <c>-NAME</c> turns one off; the flag's default is <c>*</c>, and an empty list runs none.
/// </summary>
public sealed class ControllerSelection
{
    private readonly HashSet<string> on = new(StringComparer.Ordinal);
    private readonly HashSet<string> off = new(StringComparer.Ordinal);
    private readonly bool star;

    private ControllerSelection(bool star) => this.star = star;

    /// <summary>Parses the flag's items (comma-separated values may be passed as one item or several).</summary>
    /// <exception cref="ArgumentException">a name is not a known controller (upstream refuses those too).</exception>
    public static ControllerSelection Parse(IEnumerable<string> items, IReadOnlyCollection<string> known)
    {
        // An empty list turns every controller off, as upstream's flag does (its default is "*").
        var list = items.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var selection = new ControllerSelection(list.Contains("*"));
        foreach (var item in list.Where(i => i != "*"))
        {
            var disable = item.StartsWith('-');
            var name = disable ? item[1..] : item;
            if (!known.Contains(name))
            {
                throw new ArgumentException($"\"{name}\" is not in the list of known controllers: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }
            (disable ? selection.off : selection.on).Add(name);
        }
        return selection;
    }

    public bool IsEnabled(IController controller) =>
        !off.Contains(controller.Name) && (on.Contains(controller.Name) || (star && controller.EnabledByDefault));
}

using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Resources.Common;

/// <summary>
/// Templates embed an ObjectMeta by value (pod templates, job templates, claim templates), and Go
/// writes its zero creationTimestamp as <c>null</c> — so upstream's answers always carry
/// <c>metadata: {creationTimestamp: null}</c> inside a template, even when the client sent no
/// metadata at all. dotkube stores that same shape so every read path shows it.
/// </summary>
public static class EmbeddedObjectMeta
{
    /// <summary>Gives <paramref name="template"/> a metadata object with a null creationTimestamp unless one is set.</summary>
    public static void MarkZeroCreationTimestamp(JsonObject? template)
    {
        if (template is null)
        {
            return;
        }
        if (template["metadata"] is not JsonObject meta)
        {
            meta = [];
            template["metadata"] = meta;
        }
        if (!meta.ContainsKey("creationTimestamp"))
        {
            meta["creationTimestamp"] = null;
        }
    }
}

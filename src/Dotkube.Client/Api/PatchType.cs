namespace Dotkube.Client;

/// <summary>The patch formats of the Kubernetes API, each sent with its own content type.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch: application/json-patch+json.</summary>
    Json,

    /// <summary>RFC 7386 JSON merge patch: application/merge-patch+json.</summary>
    Merge,

    /// <summary>Strategic merge patch (built-in types only): application/strategic-merge-patch+json.</summary>
    StrategicMerge,

    /// <summary>Server-side apply: application/apply-patch+yaml (JSON is valid YAML); needs a field manager.</summary>
    Apply,
}

using System.Text.Json.Nodes;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// What differs per resource, and nothing else: the generic store does the rest. Objects are
/// handled as JSON in the resource's storage version. Methods must be stateless and thread-safe.
/// Validate* must not change the object (defaulting belongs in Prepare*/Default).
/// </summary>
public interface IResourceStrategy
{
    /// <summary>
    /// True when the resource has a status that the main resource does not write: updates to the
    /// main resource keep the old status, and only /status changes it; generation bumps on spec
    /// changes only.
    /// </summary>
    bool HasStatus { get; }

    /// <summary>
    /// True when metadata.generation is set to 1 on create and bumped when the spec (anything but
    /// metadata and status) changes. Usually equal to HasStatus; pods (1.32) do not track it.
    /// </summary>
    bool TracksGeneration { get; }

    /// <summary>Errors for metadata.name (upstream wording); most resources use DNS-1123 subdomain rules.</summary>
    IReadOnlyList<string> ValidateName(string name);

    /// <summary>Applies upstream defaults (e.g. restartPolicy: Always). Runs on create and on every update.</summary>
    void Default(JsonObject obj);

    /// <summary>Resets what a client may not set on create (e.g. status for most resources).</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Carries over what the main resource may not change on update (e.g. status).</summary>
    void PrepareForUpdate(JsonObject obj, JsonObject old);

    /// <summary>Field errors for a new object (metadata is validated generically).</summary>
    IReadOnlyList<FieldError> Validate(JsonObject obj);

    /// <summary>Field errors for an update, including changes to immutable fields.</summary>
    IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old);

    /// <summary>Field errors for a /status update.</summary>
    IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old);

    /// <summary>Columns for Table output, in order; the generic code adds nothing, so include Name (and Age).</summary>
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// Field-selector attributes beyond metadata.name/metadata.namespace (which are generic),
    /// e.g. spec.nodeName and status.phase for pods. Values are strings as upstream compares them.
    /// </summary>
    void AddFieldSelectorAttributes(JsonObject obj, IDictionary<string, string> attributes);
}

namespace Dotkube.ApiServer.OpenApi;

/// <summary>The query and path parameters of the Kubernetes REST verbs (names and types are the API's).</summary>
internal static class ApiParameters
{
    public static readonly ApiParameter Pretty = Query("pretty", "string", "If 'true', the output is indented for reading.");
    public static readonly ApiParameter Namespace = new("namespace", "path", "string", "The namespace of the objects (their name scope and authorization scope).", Required: true);

    public static ApiParameter Name(string kind) => new("name", "path", "string", $"name of the {kind}", Required: true);

    public static readonly ApiParameter AllowWatchBookmarks = Query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events in a watch; the server may send them, and clients must not assume it does. Ignored when not watching.");
    public static readonly ApiParameter Continue = Query("continue", "string", "The continue token of the previous page of a chunked list, to get the next page.");
    public static readonly ApiParameter FieldSelector = Query("fieldSelector", "string", "Restrict the objects returned by their fields. Defaults to everything.");
    public static readonly ApiParameter LabelSelector = Query("labelSelector", "string", "Restrict the objects returned by their labels. Defaults to everything.");
    public static readonly ApiParameter Limit = Query("limit", "integer", "The most objects to return in one list call; when more remain, metadata.continue holds a token for the next page.");
    public static readonly ApiParameter ResourceVersion = Query("resourceVersion", "string", "Which resource version the list or watch is served at, according to resourceVersionMatch. Defaults to the most recent.");
    public static readonly ApiParameter ResourceVersionMatch = Query("resourceVersionMatch", "string", "How resourceVersion applies to a list: Exact or NotOlderThan. Defaults to NotOlderThan when resourceVersion is set.");
    public static readonly ApiParameter SendInitialEvents = Query("sendInitialEvents", "boolean", "With watch=true, start the stream with synthetic ADDED events for the current state, then a bookmark.");
    public static readonly ApiParameter TimeoutSeconds = Query("timeoutSeconds", "integer", "Time limit for a list or watch call, in seconds.");
    public static readonly ApiParameter Watch = Query("watch", "boolean", "Stream added, updated and deleted notifications instead of returning a list.");

    public static readonly ApiParameter DryRun = Query("dryRun", "string", "When present (the only value is All), run every stage of the request but do not persist the change.");
    public static readonly ApiParameter FieldManager = Query("fieldManager", "string", "Name of the actor making the change, recorded in managedFields; at most 128 printable characters.");
    public static readonly ApiParameter FieldManagerApply = Query("fieldManager", "string", "Name of the actor making the change, recorded in managedFields; at most 128 printable characters. Required for apply patches (application/apply-patch+yaml).");
    public static readonly ApiParameter FieldValidation = Query("fieldValidation", "string", "What to do with unknown or duplicate fields in the request body: Ignore drops them silently, Warn (the default) drops them and sends a warning header per field, Strict fails the request.");
    public static readonly ApiParameter Force = Query("force", "boolean", "Apply patches only: take over fields owned by other managers instead of failing with a conflict. Must be unset for other patch types.");

    public static readonly ApiParameter GracePeriodSeconds = Query("gracePeriodSeconds", "integer", "Seconds before the object is deleted (non-negative; 0 means immediately). Defaults to the object type's own grace period.");
    public static readonly ApiParameter IgnoreStoreReadError = Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "Delete an object that can no longer be read from storage (unsafe; needs the unsafe-delete-ignore-read-errors permission).");
    public static readonly ApiParameter OrphanDependents = Query("orphanDependents", "boolean", "Deprecated in favour of propagationPolicy: whether dependents are orphaned.");
    public static readonly ApiParameter PropagationPolicy = Query("propagationPolicy", "string", "How dependents are garbage collected: Orphan, Background or Foreground.");

    /// <summary>Parameters of list and watch operations (and the watch paths).</summary>
    public static readonly IReadOnlyList<ApiParameter> ListQuery =
        [AllowWatchBookmarks, Continue, FieldSelector, LabelSelector, Limit, ResourceVersion, ResourceVersionMatch, SendInitialEvents, TimeoutSeconds, Watch];

    public static readonly IReadOnlyList<ApiParameter> WriteQuery = [DryRun, FieldManager, FieldValidation];

    public static readonly IReadOnlyList<ApiParameter> PatchQuery = [DryRun, FieldManagerApply, FieldValidation, Force];

    public static readonly IReadOnlyList<ApiParameter> DeleteQuery =
        [DryRun, GracePeriodSeconds, IgnoreStoreReadError, OrphanDependents, PropagationPolicy];

    public static readonly IReadOnlyList<ApiParameter> DeleteCollectionQuery =
        [Continue, DryRun, FieldSelector, GracePeriodSeconds, IgnoreStoreReadError, LabelSelector, Limit, OrphanDependents, PropagationPolicy, ResourceVersion, ResourceVersionMatch, SendInitialEvents, TimeoutSeconds];

    public static readonly IReadOnlyList<ApiParameter> LogQuery =
    [
        Query("container", "string", "The container to stream logs of; may be omitted when the pod has one container."),
        Query("follow", "boolean", "Keep streaming the log as it grows."),
        Query("insecureSkipTLSVerifyBackend", "boolean", "Do not verify the serving certificate of the kubelet the logs are read from."),
        Query("limitBytes", "integer", "Stop after this many bytes of log output."),
        Query("previous", "boolean", "Return the log of the previous, terminated instance of the container."),
        Query("sinceSeconds", "integer", "Only the log lines newer than this many seconds."),
        Query("stream", "string", "Which stream to return: All, Stdout or Stderr. Defaults to All."),
        Query("tailLines", "integer", "Only this many lines from the end of the log."),
        Query("timestamps", "boolean", "Prefix every line with an RFC 3339 timestamp."),
    ];

    public static readonly IReadOnlyList<ApiParameter> ExecQuery =
    [
        Query("command", "string", "The command to run, one argument per parameter."),
        Query("container", "string", "The container to run the command in."),
        Query("stderr", "boolean", "Stream the command's standard error."),
        Query("stdin", "boolean", "Stream to the command's standard input."),
        Query("stdout", "boolean", "Stream the command's standard output."),
        Query("tty", "boolean", "Allocate a terminal for the command."),
    ];

    public static readonly IReadOnlyList<ApiParameter> AttachQuery =
    [
        Query("container", "string", "The container to attach to."),
        Query("stderr", "boolean", "Stream the container's standard error."),
        Query("stdin", "boolean", "Stream to the container's standard input."),
        Query("stdout", "boolean", "Stream the container's standard output."),
        Query("tty", "boolean", "Allocate a terminal."),
    ];

    public static readonly IReadOnlyList<ApiParameter> PortForwardQuery =
        [Query("ports", "integer", "The pod ports to forward.")];

    public static readonly IReadOnlyList<ApiParameter> ProxyQuery =
        [Query("path", "string", "The path of the request to proxy.")];

    public static readonly ApiParameter ProxyPath = new("path", "path", "string", "The path of the request to proxy.", Required: true);

    public static ApiParameter Body(Schema schema, bool required = true) =>
        new("body", "body", "", "", required) { BodySchema = schema };

    private static ApiParameter Query(string name, string type, string description) => new(name, "query", type, description);
}

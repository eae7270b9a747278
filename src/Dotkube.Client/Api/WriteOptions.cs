namespace Dotkube.Client;

/// <summary>Query parameters of create and update calls.</summary>
public record WriteOptions
{
    /// <summary>The manager recorded in managedFields (required for server-side apply).</summary>
    public string? FieldManager { get; init; }

    /// <summary>Run admission and validation but persist nothing (dryRun=All).</summary>
    public bool DryRun { get; init; }

    /// <summary>Strict, Warn or Ignore.</summary>
    public string? FieldValidation { get; init; }
}

/// <summary>Query parameters of patch calls.</summary>
public sealed record PatchOptions : WriteOptions
{
    /// <summary>Server-side apply: take ownership of conflicting fields.</summary>
    public bool? Force { get; init; }
}

/// <summary>The body of a delete call.</summary>
public sealed record DeleteOptions
{
    /// <summary>Orphan, Background or Foreground.</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    /// <summary>Delete only if the object still has this UID.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the object is still at this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }
}

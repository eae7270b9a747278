namespace Dotkube.Controllers.PersistentVolume;

public enum VolumeActionKind
{
    None,

    /// <summary>Phase Available (unclaimed, or pre-bound by name and waiting for its claim).</summary>
    Available,

    /// <summary>Phase Bound.</summary>
    Bound,

    /// <summary>The claim is gone: phase Released, then apply the reclaim policy.</summary>
    Release,

    /// <summary>Its claim went to another volume: drop the controller's binding (or the uid of a user's pre-binding).</summary>
    Unbind,

    /// <summary>Phase Failed with a warning event (reclaiming failed).</summary>
    Fail,

    /// <summary>Recycle a Released hostPath volume with a recycler pod (<see cref="HostPathRecycler"/>).</summary>
    Recycle,

    /// <summary>Delete a Released static hostPath volume's directory, then the volume (<see cref="HostPathDeleter"/>).</summary>
    DeleteHostPath,
}

/// <summary>What the PV controller does with one volume; <see cref="VolumeSync"/> decides it.</summary>
public sealed record VolumeAction(VolumeActionKind Kind)
{
    public string? EventReason { get; init; }

    public string? Message { get; init; }

    public static VolumeAction None { get; } = new(VolumeActionKind.None);
}

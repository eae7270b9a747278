using k8s.Models;

namespace Dotkube.Controllers.PersistentVolume;

public enum ClaimActionKind
{
    /// <summary>Nothing to write.</summary>
    None,

    /// <summary>Set spec.storageClassName to the default class (retroactive assignment).</summary>
    AssignDefaultClass,

    /// <summary>Bind the claim and <see cref="ClaimAction.Volume"/> to each other, both sides.</summary>
    Bind,

    /// <summary>Leave the claim Pending (recording the event, if any).</summary>
    Pending,

    /// <summary>Ask the class's provisioner for a volume (annotations), and stay Pending.</summary>
    Provision,

    /// <summary>The claim lost its volume: phase Lost, with a warning.</summary>
    Lost,
}

/// <summary>What the PV controller does with one claim; <see cref="ClaimSync"/> decides it from the cached world.</summary>
public sealed record ClaimAction(ClaimActionKind Kind)
{
    public V1PersistentVolume? Volume { get; init; }

    /// <summary>The class to assign, or the provisioner to ask.</summary>
    public string? Name { get; init; }

    public ClaimEvent? Event { get; init; }

    public static ClaimAction None { get; } = new(ClaimActionKind.None);

    public static ClaimAction Pending(ClaimEvent? e = null) => new(ClaimActionKind.Pending) { Event = e };
}

/// <summary>An event to record about the claim.</summary>
public sealed record ClaimEvent(string Type, string Reason, string Message);

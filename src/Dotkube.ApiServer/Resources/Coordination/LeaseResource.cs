using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Coordination;

/// <summary>coordination.k8s.io/v1 leases (leader election, node heartbeats).</summary>
public static class LeaseResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "coordination.k8s.io",
        Versions = ["v1"],
        Kind = "Lease",
        Plural = "leases",
        Singular = "lease",
        Namespaced = true,
        StoragePrefix = "/registry/leases",
        Strategy = new LeaseStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1Lease) },
    };
}

public sealed class LeaseStrategy : ResourceStrategy
{
    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        if (spec.Int("leaseDurationSeconds") is <= 0 and var duration)
        {
            errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }
        if (spec.Int("leaseTransitions") is < 0 and var transitions)
        {
            errors.Add(FieldError.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
        if (spec.Str("strategy") is { } strategy && strategy != "OldestEmulationVersion")
        {
            errors.Add(FieldError.NotSupported("spec.strategy", strategy, ["OldestEmulationVersion"]));
        }
        if (spec.Str("preferredHolder") is { Length: > 0 } && string.IsNullOrEmpty(spec.Str("holderIdentity")))
        {
            errors.Add(FieldError.Forbidden("spec.preferredHolder", "may only be specified if `holderIdentity` is set"));
        }
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Holder", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
            (o, _) => o.Obj("spec").Str("holderIdentity") ?? ""),
        TableColumn.AgeColumn,
    ];
}

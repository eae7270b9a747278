using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Certificates;

/// <summary>certificates.k8s.io/v1 CertificateSigningRequests, with /approval and /status.</summary>
public static class CertificateSigningRequestResource
{
    public const string GroupName = "certificates.k8s.io";

    public static ResourceDefinition Definition { get; } = new()
    {
        Group = GroupName,
        Versions = ["v1"],
        Kind = "CertificateSigningRequest",
        Plural = "certificatesigningrequests",
        Singular = "certificatesigningrequest",
        Namespaced = false,
        ShortNames = ["csr"],
        Subresources = ["approval", "status"],
        StoragePrefix = "/registry/certificatesigningrequests",
        Strategy = new CertificateSigningRequestStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1CertificateSigningRequest) },
    };
}

/// <summary>
/// The spec is fixed at create (updates keep the old spec, as upstream); /approval changes only
/// the conditions and /status only the certificate and conditions.
/// </summary>
public sealed class CertificateSigningRequestStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override bool TracksGeneration => false;

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        obj.Remove("spec");
        if (old["spec"] is { } spec)
        {
            obj["spec"] = spec.DeepClone();
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj) => CertificateSigningRequestValidation.ValidateSpec(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => [];

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject obj, JsonObject old) =>
        CertificateSigningRequestValidation.ValidateStatus(obj, old);

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.AgeColumn,
        new("SignerName", "string", "", "", 0, (o, _) => o.Obj("spec").StrOrEmpty("signerName")),
        new("Requestor", "string", "", "", 0, (o, _) => o.Obj("spec").StrOrEmpty("username")),
        new("RequestedDuration", "string", "", "", 0, (o, _) =>
            o.Obj("spec").Int("expirationSeconds") is { } s ? HumanDuration.Format(TimeSpan.FromSeconds(s)) : "<none>"),
        new("Condition", "string", "", "", 0, (o, _) => CertificateSigningRequestValidation.ConditionSummary(o)),
    ];
}

using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;

namespace Dotkube.ApiServer.Resources.Authentication;

/// <summary>
/// authentication.k8s.io/v1 TokenReview and SelfSubjectReview: create-only, answered by the
/// pipeline from the request's credentials and never stored.
/// </summary>
public static class AuthenticationResources
{
    public const string GroupName = "authentication.k8s.io";

    public static ResourceDefinition TokenReviews { get; } = Define("TokenReview", "tokenreviews", "tokenreview", typeof(k8s.Models.V1TokenReview));

    public static ResourceDefinition SelfSubjectReviews { get; } = Define("SelfSubjectReview", "selfsubjectreviews", "selfsubjectreview", typeof(k8s.Models.V1SelfSubjectReview));

    private static ResourceDefinition Define(string kind, string plural, string singular, Type model) => new()
    {
        Group = GroupName,
        Versions = ["v1"],
        Kind = kind,
        Plural = plural,
        Singular = singular,
        Namespaced = false,
        Verbs = ["create"],
        StoragePrefix = "/registry/" + plural + "-are-never-stored",
        Strategy = new PassThroughStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = model },
    };
}

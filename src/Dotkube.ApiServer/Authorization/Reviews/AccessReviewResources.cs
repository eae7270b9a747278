using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.Authorization.Reviews;

/// <summary>
/// authorization.k8s.io/v1: SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview
/// and SelfSubjectRulesReview: create-only questions to the authorizer chain, nothing stored.
/// </summary>
public static class AccessReviewResources
{
    public const string Group = "authorization.k8s.io";

    public static IReadOnlyList<ResourceDefinition> Create(IReadOnlyList<IAuthorizer> chain) =>
    [
        Define("LocalSubjectAccessReview", "localsubjectaccessreviews", true, new AccessReviewStrategy(AccessReviewKind.Local, chain), typeof(k8s.Models.V1LocalSubjectAccessReview)),
        Define("SelfSubjectAccessReview", "selfsubjectaccessreviews", false, new AccessReviewStrategy(AccessReviewKind.Self, chain), typeof(k8s.Models.V1SelfSubjectAccessReview)),
        Define("SelfSubjectRulesReview", "selfsubjectrulesreviews", false, new RulesReviewStrategy(chain), typeof(k8s.Models.V1SelfSubjectRulesReview)),
        Define("SubjectAccessReview", "subjectaccessreviews", false, new AccessReviewStrategy(AccessReviewKind.Subject, chain), typeof(k8s.Models.V1SubjectAccessReview)),
    ];

    private static ResourceDefinition Define(string kind, string plural, bool namespaced, IResourceStrategy strategy, Type model) => new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = kind,
        Plural = plural,
        Singular = plural[..^1],
        Namespaced = namespaced,
        Verbs = ["create"],
        StoragePrefix = "/registry/" + plural,
        Strategy = strategy,
        ModelTypes = new Dictionary<string, Type> { ["v1"] = model },
    };
}

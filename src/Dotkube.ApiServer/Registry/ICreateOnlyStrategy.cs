using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// A strategy for a resource that answers a create with a computed object and stores nothing
/// (SubjectAccessReview and its kin, TokenReview): the request pipeline decodes and validates the
/// body as for any create, then returns what <see cref="AnswerAsync"/> makes of it with 201.
/// </summary>
public interface ICreateOnlyStrategy
{
    /// <param name="obj">the decoded request body, already validated by the strategy.</param>
    /// <param name="ns">the request's namespace, for namespaced kinds.</param>
    /// <param name="user">who asks.</param>
    ValueTask<JsonObject> AnswerAsync(JsonObject obj, string ns, UserInfo user, CancellationToken ct);
}

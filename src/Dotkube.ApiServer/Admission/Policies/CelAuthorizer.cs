using Cel;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;

namespace Dotkube.ApiServer.Admission.Policies;

/// <summary>
/// The <c>authorizer</c> variable of ValidatingAdmissionPolicy expressions (k8s.io/apiserver's
/// authz library): <c>authorizer.group(g).resource(r).subresource(s).namespace(ns).name(n).check(verb)</c>,
/// <c>authorizer.path(p).check(verb)</c>, <c>authorizer.serviceAccount(ns, name)</c> (the same
/// checks as that service account), and decisions' <c>allowed()</c>, <c>reason()</c>,
/// <c>errored()</c>, <c>error()</c>. Checks go to the server's authorizer chain (Node, RBAC, …)
/// for the requesting user. <c>fieldSelector</c>/<c>labelSelector</c> are accepted and passed
/// over: no authorizer in the chain reads selectors.
/// </summary>
public sealed class CelAuthorizer(IReadOnlyList<IAuthorizer> chain, UserInfo user)
{
    public UserInfo User => user;

    internal AuthorizationResult Authorize(AuthorizationAttributes attributes)
    {
        var pending = AuthorizerChain.AuthorizeAsync(chain, attributes with { User = user }, CancellationToken.None);
        // CEL evaluates synchronously; the RBAC and Node authorizers answer from caches.
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    internal CelAuthorizer ForServiceAccount(string ns, string name) =>
        new(chain, new UserInfo($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]));

    /// <summary>authorizer.requestResource: a check of the request's own resource, subresource, namespace and name.</summary>
    public CelResourceCheck RequestResource(AdmissionAttributes a) =>
        new(this, a.Resource.Group, a.Resource.Plural, a.Subresource, a.Namespace, a.Name);

    /// <summary>Registers the library's functions.</summary>
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("path", [typeof(CelAuthorizer), typeof(string)], a => new CelPathCheck((CelAuthorizer)a[0]!, (string)a[1]!));
        env.RegisterFunction("group", [typeof(CelAuthorizer), typeof(string)], a => new CelGroupCheck((CelAuthorizer)a[0]!, (string)a[1]!));
        env.RegisterFunction("serviceAccount", [typeof(CelAuthorizer), typeof(string), typeof(string)], a => ((CelAuthorizer)a[0]!).ForServiceAccount((string)a[1]!, (string)a[2]!));
        env.RegisterFunction("resource", [typeof(CelGroupCheck), typeof(string)], a =>
            new CelResourceCheck(((CelGroupCheck)a[0]!).Authorizer, ((CelGroupCheck)a[0]!).Group, (string)a[1]!, "", "", ""));
        env.RegisterFunction("subresource", [typeof(CelResourceCheck), typeof(string)], a => ((CelResourceCheck)a[0]!) with { Subresource = (string)a[1]! });
        env.RegisterFunction("namespace", [typeof(CelResourceCheck), typeof(string)], a => ((CelResourceCheck)a[0]!) with { Namespace = (string)a[1]! });
        env.RegisterFunction("name", [typeof(CelResourceCheck), typeof(string)], a => ((CelResourceCheck)a[0]!) with { Name = (string)a[1]! });
        env.RegisterFunction("fieldSelector", [typeof(CelResourceCheck), typeof(string)], a => a[0]);
        env.RegisterFunction("labelSelector", [typeof(CelResourceCheck), typeof(string)], a => a[0]);
        env.RegisterFunction("check", [typeof(CelPathCheck), typeof(string)], a => ((CelPathCheck)a[0]!).Check((string)a[1]!));
        env.RegisterFunction("check", [typeof(CelResourceCheck), typeof(string)], a => ((CelResourceCheck)a[0]!).Check((string)a[1]!));
        env.RegisterFunction("allowed", [typeof(CelDecision)], a => ((CelDecision)a[0]!).Result.Decision == AuthorizationDecision.Allow);
        env.RegisterFunction("reason", [typeof(CelDecision)], a => ((CelDecision)a[0]!).Result.Reason);
        env.RegisterFunction("errored", [typeof(CelDecision)], a => ((CelDecision)a[0]!).Error.Length > 0);
        env.RegisterFunction("error", [typeof(CelDecision)], a => ((CelDecision)a[0]!).Error);
    }
}

/// <summary>authorizer.path(p): a non-resource check.</summary>
public sealed record CelPathCheck(CelAuthorizer Authorizer, string Path)
{
    internal CelDecision Check(string verb) =>
        CelDecision.Of(() => Authorizer.Authorize(new AuthorizationAttributes(Authorizer.User, verb, IsResourceRequest: false, Path: Path)));
}

/// <summary>authorizer.group(g).</summary>
public sealed record CelGroupCheck(CelAuthorizer Authorizer, string Group);

/// <summary>A resource check being built: group, resource, subresource, namespace, name.</summary>
public sealed record CelResourceCheck(CelAuthorizer Authorizer, string Group, string Resource, string Subresource, string Namespace, string Name)
{
    internal CelDecision Check(string verb) =>
        CelDecision.Of(() => Authorizer.Authorize(new AuthorizationAttributes(Authorizer.User, verb, IsResourceRequest: true,
            ApiGroup: Group, ApiVersion: "*", Resource: Resource, Subresource: Subresource, Namespace: Namespace, Name: Name)));
}

/// <summary>The outcome of check(verb); an authorizer failure is an errored decision, not an evaluation error.</summary>
public sealed record CelDecision(AuthorizationResult Result, string Error)
{
    internal static CelDecision Of(Func<AuthorizationResult> authorize)
    {
        try
        {
            return new CelDecision(authorize(), "");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            return new CelDecision(new AuthorizationResult(AuthorizationDecision.NoOpinion), e.Message);
        }
    }
}

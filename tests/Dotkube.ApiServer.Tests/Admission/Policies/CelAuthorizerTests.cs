using System.Text.Json.Nodes;
using Dotkube.ApiServer.Admission.Policies;
using Dotkube.ApiServer.Admission.Webhooks;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.Authorization;
using Dotkube.ApiServer.CustomResources.Cost;

namespace Dotkube.ApiServer.Tests.Admission.Policies;

public class CelAuthorizerTests
{
    /// <summary>Allows alice to create deployments in "team" and get /healthz; records every question.</summary>
    private sealed class FakeAuthorizer : IAuthorizer
    {
        public List<AuthorizationAttributes> Asked { get; } = [];

        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationAttributes a, CancellationToken cancellationToken)
        {
            Asked.Add(a);
            var allowed = a.User.Name == "alice" && (a.IsResourceRequest
                ? a is { ApiGroup: "apps", Resource: "deployments", Namespace: "team", Verb: "create" }
                : a is { Path: "/healthz", Verb: "get" })
                || a.User.Name == "system:serviceaccount:team:builder" && a is { Resource: "pods", Verb: "list" };
            return ValueTask.FromResult(allowed
                ? new AuthorizationResult(AuthorizationDecision.Allow, "allowed by test")
                : new AuthorizationResult(AuthorizationDecision.NoOpinion, "no rule"));
        }
    }

    private static (object? Result, FakeAuthorizer Fake) Eval(string expression, string user = "alice")
    {
        var fake = new FakeAuthorizer();
        var authorizer = new CelAuthorizer([fake], new UserInfo(user, ["system:authenticated"]));
        var vars = new Dictionary<string, object?>
        {
            ["authorizer"] = authorizer,
            ["authorizer.requestResource"] = new CelResourceCheck(authorizer, "apps", "deployments", "", "team", "web"),
        };
        return (AdmissionCel.Evaluate(expression, vars), fake);
    }

    [Theory]
    [InlineData("a resource check the chain allows", "authorizer.group('apps').resource('deployments').namespace('team').check('create').allowed()", true)]
    [InlineData("another namespace is not allowed", "authorizer.group('apps').resource('deployments').namespace('other').check('create').allowed()", false)]
    [InlineData("another verb is not allowed", "authorizer.group('apps').resource('deployments').namespace('team').check('delete').allowed()", false)]
    [InlineData("a path check", "authorizer.path('/healthz').check('get').allowed()", true)]
    [InlineData("the request's own resource", "authorizer.requestResource.check('create').allowed()", true)]
    [InlineData("the decision's reason", "authorizer.path('/metrics').check('get').reason() == 'no rule'", true)]
    [InlineData("a decision that did not error", "!authorizer.path('/healthz').check('get').errored() && authorizer.path('/healthz').check('get').error() == ''", true)]
    [InlineData("a service account's permissions, not the requester's", "authorizer.serviceAccount('team', 'builder').group('').resource('pods').namespace('team').check('list').allowed()", true)]
    [InlineData("a service account lacks the requester's permissions", "authorizer.serviceAccount('team', 'builder').group('apps').resource('deployments').namespace('team').check('create').allowed()", false)]
    public void Checks_go_to_the_authorizer_chain(string because, string expression, bool expected)
    {
        var (result, _) = Eval(expression);

        Assert.True(Equals(result, expected), $"{because}: got {result}");
    }

    [Fact]
    public void A_check_asks_with_the_requesting_user_and_every_part_of_the_resource()
    {
        var (_, fake) = Eval("authorizer.group('apps').resource('deployments').subresource('scale').namespace('team').name('web').check('update').allowed()");

        var asked = Assert.Single(fake.Asked);
        Assert.Equal(("alice", "update", "apps", "*", "deployments", "scale", "team", "web", true),
            (asked.User.Name, asked.Verb, asked.ApiGroup, asked.ApiVersion, asked.Resource, asked.Subresource, asked.Namespace, asked.Name, asked.IsResourceRequest));
    }

    [Fact]
    public void Two_checks_fit_the_per_call_limit_and_three_do_not()
    {
        var check = "authorizer.path('/healthz').check('get').allowed()";
        var vars = new Dictionary<string, object?> { ["authorizer"] = new CelAuthorizer([new FakeAuthorizer()], new UserInfo("alice", [])) };
        var known = new Dictionary<string, JsonNode?>();

        Assert.Equal(true, AdmissionCel.Evaluate($"{check} && {check}", vars, new CelBudget(), known));
        var error = Assert.Throws<AdmissionCelException>(() => AdmissionCel.Evaluate($"{check} && {check} && {check}", vars, new CelBudget(), known));
        Assert.Equal("operation cancelled: actual cost limit exceeded", error.Message);
    }

    [Fact]
    public void A_binding_that_spends_its_budget_runs_no_further_expressions()
    {
        var check = "authorizer.path('/healthz').check('get').allowed()";
        var vars = new Dictionary<string, object?> { ["authorizer"] = new CelAuthorizer([new FakeAuthorizer()], new UserInfo("alice", [])) };
        var budget = new CelBudget();
        var known = new Dictionary<string, JsonNode?>();

        for (var i = 0; i < 14; i++)
        {
            AdmissionCel.Evaluate($"{check} && {check}", vars, budget, known);
        }
        var error = Assert.Throws<AdmissionCelOutOfBudgetException>(() => AdmissionCel.Evaluate($"{check} && {check}", vars, budget, known));
        Assert.Equal("validation failed due to running out of cost budget, no further validation rules will be run", error.Message);
    }
}

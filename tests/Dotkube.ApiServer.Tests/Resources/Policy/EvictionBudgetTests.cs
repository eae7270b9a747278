using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Policy;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Tests.Resources.Policy;

public class EvictionBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsonObject Pod(string phase = "Running", bool ready = true, bool deleting = false)
    {
        var meta = new JsonObject { ["name"] = "web-0", ["labels"] = new JsonObject { ["app"] = "web" }, ["resourceVersion"] = "7" };
        if (deleting)
        {
            meta["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        }
        return new JsonObject
        {
            ["metadata"] = meta,
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            },
        };
    }

    private static JsonObject Budget(long allowed, long current = 3, long desired = 2, long observed = 1, long generation = 1, string? policy = null, JsonObject? selector = null)
    {
        var spec = new JsonObject { ["selector"] = selector ?? new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } };
        if (policy is not null)
        {
            spec["unhealthyPodEvictionPolicy"] = policy;
        }
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["generation"] = generation },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["disruptionsAllowed"] = allowed,
                ["currentHealthy"] = current,
                ["desiredHealthy"] = desired,
                ["observedGeneration"] = observed,
            },
        };
    }

    [Theory]
    [InlineData("Running", false, false)]
    [InlineData("Pending", false, true)]
    [InlineData("Succeeded", false, true)]
    [InlineData("Failed", false, true)]
    [InlineData("Running", true, true)]
    public void Pods_not_running_or_already_going_ignore_the_budget(string phase, bool deleting, bool ignores)
    {
        Assert.Equal(ignores, EvictionBudget.CanIgnoreBudget(Pod(phase, deleting: deleting)));
    }

    [Fact]
    public void A_budget_with_an_empty_or_missing_selector_covers_nothing()
    {
        JsonObject[] budgets = [Budget(1), Budget(1, selector: []), Budget(1, selector: new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "db" } })];
        Assert.Single(EvictionBudget.Matching(budgets, Pod()));
    }

    [Fact]
    public void Spending_a_budget_decrements_it_records_the_pod_and_flips_the_condition_at_zero()
    {
        var pdb = Budget(1);
        EvictionBudget.CheckAndDecrement(pdb, "web-0", dryRun: false, Now);
        Assert.Equal(0, (long)pdb["status"]!["disruptionsAllowed"]!);
        Assert.Equal("2026-01-01T00:00:00Z", (string)pdb["status"]!["disruptedPods"]!["web-0"]!);
        var condition = pdb["status"]!["conditions"]![0]!;
        Assert.Equal(("DisruptionAllowed", "False", "InsufficientPods"), ((string)condition["type"]!, (string)condition["status"]!, (string)condition["reason"]!));
    }

    [Fact]
    public void A_dry_run_spends_nothing_it_records()
    {
        var pdb = Budget(2);
        EvictionBudget.CheckAndDecrement(pdb, "web-0", dryRun: true, Now);
        Assert.Null(pdb["status"]!["disruptedPods"]);
    }

    public static TheoryData<string, JsonObject, int, string, int?> Refusals => new()
    {
        { "a spent budget answers 429 with the DisruptionBudget cause", Budget(0), 429, "The disruption budget web needs 2 healthy pods and has 3 currently", null },
        { "a budget the controller has not seen yet answers 429, retry after 10 s", Budget(1, observed: 1, generation: 2), 429, "The disruption budget web is still being processed by the server.", 10 },
        { "a negative allowance is forbidden", Budget(-1), 403, "", null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_budget_that_cannot_be_spent_refuses(string name, JsonObject pdb, int code, string cause, int? retryAfter)
    {
        var e = Assert.Throws<StatusException>(() => EvictionBudget.CheckAndDecrement(pdb, "web-0", dryRun: false, Now));
        Assert.True(code == e.Code, name);
        if (code == 429)
        {
            Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", e.Message);
            Assert.Equal(("DisruptionBudget", cause), (e.Causes.Single().Reason, e.Causes.Single().Message));
            Assert.Equal(retryAfter, e.RetryAfterSeconds);
        }
        else
        {
            Assert.Equal("poddisruptionbudgets.policy \"web\" is forbidden: pdb disruptions allowed is negative", e.Message);
        }
    }

    [Theory]
    [InlineData(true, null, 3, 2, false)]
    [InlineData(false, null, 3, 2, true)]
    [InlineData(false, "IfHealthyBudget", 1, 2, false)]
    [InlineData(false, "AlwaysAllow", 1, 2, true)]
    [InlineData(false, null, 0, 0, false)]
    public void An_unready_pod_goes_without_spending_when_the_budget_is_healthy_or_always_allows(bool ready, string? policy, long current, long desired, bool mayGo)
    {
        Assert.Equal(mayGo, EvictionBudget.UnhealthyPodMayGo(Pod(ready: ready), Budget(0, current, desired, policy: policy)));
    }
}

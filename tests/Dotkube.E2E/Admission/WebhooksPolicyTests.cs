using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Admission;

/// <summary>
/// ValidatingAdmissionPolicy and its bindings on the shared server, with kubectl 1.32. Each
/// binding selects only its test's namespace.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class WebhooksPolicyTests(SharedServerFixture fixture)
{
    private static async Task<KubectlResult> EventuallyAsync(Func<Task<KubectlResult>> attempt, Func<KubectlResult, bool> expected)
    {
        KubectlResult? last = null;
        await Eventually.HoldsAsync(async () =>
        {
            last = await attempt();
            return expected(last) ? null : last.ToString();
        }, TimeSpan.FromSeconds(10));
        return last!;
    }

    [Fact]
    public async Task A_policy_refuses_with_upstreams_message_and_shows_in_kubectl_get()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "vap");
        var policy = ns.Name + ".policies.dotkube.io";
        var binding = ns.Name + "-binding";
        await ns.ApplyAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: {{policy}}
            spec:
              matchConstraints:
                resourceRules:
                - apiGroups: [""]
                  apiVersions: ["v1"]
                  operations: ["CREATE", "UPDATE"]
                  resources: ["configmaps"]
              validations:
              - expression: "object.metadata.name != 'forbidden'"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: {{binding}}
            spec:
              policyName: {{policy}}
              validationActions: [Deny]
              matchResources:
                namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: {{ns.Name}}
            """);
        try
        {
            var refused = await EventuallyAsync(
                () => ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forbidden\n", "apply", "-f", "-"),
                r => !r.Succeeded);
            Assert.Equal(
                $"The configmaps \"forbidden\" is invalid: : ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: failed expression: object.metadata.name != 'forbidden'",
                refused.Stderr.Trim());
            (await ns.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: allowed\n", "apply", "-f", "-")).EnsureSuccess();

            var table = (await ns.Run("get", "validatingadmissionpolicy", policy)).EnsureSuccess().Stdout;
            Assert.Matches($@"^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\n{System.Text.RegularExpressions.Regex.Escape(policy)}\s+1\s+<unset>\s+\d+s\n$", table);
            var bindings = (await ns.Run("get", "validatingadmissionpolicybinding", binding)).EnsureSuccess().Stdout;
            Assert.Matches($@"^NAME\s+POLICYNAME\s+PARAMREF\s+AGE\n{binding}\s+{System.Text.RegularExpressions.Regex.Escape(policy)}\s+<unset>\s+\d+s\n$", bindings);
        }
        finally
        {
            await ns.Run("delete", "validatingadmissionpolicybinding", binding);
            await ns.Run("delete", "validatingadmissionpolicy", policy);
        }
    }

    [Fact]
    public async Task A_policy_with_params_warns_with_its_message_expression_and_denies_when_params_are_missing()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "vapparams");
        var policy = ns.Name + ".policies.dotkube.io";
        await ns.ApplyAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: limits
            data:
              maxReplicas: "2"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: {{policy}}
            spec:
              paramKind:
                apiVersion: v1
                kind: ConfigMap
              matchConstraints:
                resourceRules:
                - apiGroups: ["apps"]
                  apiVersions: ["v1"]
                  operations: ["CREATE", "UPDATE"]
                  resources: ["deployments"]
              variables:
              - name: replicas
                expression: "object.spec.replicas"
              validations:
              - expression: "variables.replicas <= int(params.data.maxReplicas)"
                messageExpression: "'replicas ' + string(variables.replicas) + ' over ' + params.data.maxReplicas"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: {{ns.Name}}-warn
            spec:
              policyName: {{policy}}
              validationActions: [Warn]
              paramRef:
                name: limits
                parameterNotFoundAction: Deny
              matchResources:
                namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: {{ns.Name}}
            """);
        try
        {
            var warned = await EventuallyAsync(
                async () =>
                {
                    await ns.Run("delete", "deployment", "big", "--ignore-not-found");
                    return await ns.Run("create", "deployment", "big", "--image=nginx", "--replicas=3");
                },
                r => r.Succeeded && r.Stderr.Contains("Warning:", StringComparison.Ordinal));
            Assert.Contains($"Warning: Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{ns.Name}-warn': replicas 3 over 2", warned.Stderr, StringComparison.Ordinal);

            (await ns.Run("delete", "configmap", "limits")).EnsureSuccess();
            var refused = await EventuallyAsync(() => ns.Run("create", "deployment", "small", "--image=nginx", "--replicas=1"), r => !r.Succeeded);
            Assert.Contains("no params found for policy binding with `Deny` parameterNotFoundAction", refused.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await ns.Run("delete", "validatingadmissionpolicybinding", ns.Name + "-warn");
            await ns.Run("delete", "validatingadmissionpolicy", policy);
        }
    }
}

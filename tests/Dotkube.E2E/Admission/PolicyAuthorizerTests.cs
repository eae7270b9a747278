using Dotkube.E2E.Harness;
using Dotkube.E2E.KubectlCli;

namespace Dotkube.E2E.Admission;

/// <summary>
/// A ValidatingAdmissionPolicy whose rule asks the server's authorizer (RBAC) about the
/// requesting user, with kubectl 1.32 impersonating a plain user.
/// </summary>
[Collection(SharedServerCollection.Name)]
public class PolicyAuthorizerTests(SharedServerFixture fixture)
{
    [Fact]
    public async Task A_policy_admits_only_users_rbac_lets_read_secrets()
    {
        var ns = await KubectlNamespace.CreateAsync(fixture, "vapauthz");
        var policy = ns.Name + ".authz.dotkube.io";
        var binding = ns.Name + "-authz";
        var user = ns.Name + "-bob";
        await ns.ApplyAsync($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: configmap-writer
            rules:
            - apiGroups: [""]
              resources: ["configmaps"]
              verbs: ["create", "get", "list"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: configmap-writer
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-writer}
            subjects:
            - {apiGroup: rbac.authorization.k8s.io, kind: User, name: {{user}}}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: {{policy}}
            spec:
              matchConstraints:
                resourceRules:
                - apiGroups: [""]
                  apiVersions: ["v1"]
                  operations: ["CREATE"]
                  resources: ["configmaps"]
              validations:
              - expression: "authorizer.group('').resource('secrets').namespace(object.metadata.namespace).check('get').allowed()"
                messageExpression: "request.userInfo.username + ' may not read secrets here'"
              - expression: "authorizer.requestResource.check('create').allowed()"
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
            string? last = null;
            await Eventually.HoldsAsync(async () =>
            {
                var r = await ns.Run("create", "configmap", "probe-" + Guid.NewGuid().ToString("N")[..6], "--as", user);
                last = r.Stderr;
                return !r.Succeeded && r.Stderr.Contains("ValidatingAdmissionPolicy", StringComparison.Ordinal) ? null : r.ToString();
            }, TimeSpan.FromSeconds(10));
            Assert.Contains($"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {user} may not read secrets here", last, StringComparison.Ordinal);

            // The administrator (system:masters) may read secrets.
            (await ns.Run("create", "configmap", "by-admin")).EnsureSuccess();

            await ns.ApplyAsync($$"""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: secret-reader
                rules:
                - apiGroups: [""]
                  resources: ["secrets"]
                  verbs: ["get"]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: secret-reader
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: {{user}}}
                """);
            await Eventually.HoldsAsync(async () =>
            {
                var r = await ns.Run("create", "configmap", "by-bob-" + Guid.NewGuid().ToString("N")[..6], "--as", user);
                return r.Succeeded ? null : r.ToString();
            }, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await ns.Run("delete", "validatingadmissionpolicybinding", binding);
            await ns.Run("delete", "validatingadmissionpolicy", policy);
        }
    }
}

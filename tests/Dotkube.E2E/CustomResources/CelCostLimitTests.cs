using Dotkube.E2E.Harness;

namespace Dotkube.E2E.CustomResources;

/// <summary>CEL cost limits on CRD validation rules, as kubectl 1.32 meets them.</summary>
[Collection(SharedServerCollection.Name)]
public class CelCostLimitTests(SharedServerFixture fixture)
{
    private static string Crd(string group, string bounds) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: notes.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: notes, singular: note, kind: Note}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      tags:
                        type: array
                        {{bounds}}
                        items:
                          type: string
                          {{(bounds.Length > 0 ? "maxLength: 10" : "")}}
                        x-kubernetes-validations:
                        - rule: "self.all(x, x.contains('a string'))"
        """;

    [Fact]
    public async Task A_rule_too_expensive_for_its_unbounded_schema_is_refused_and_bounds_make_it_acceptable()
    {
        var group = $"cost{Guid.NewGuid().ToString("N")[..6]}.e2e.dotkube.io";
        var refused = await fixture.Server.Kubectl(["apply", "-f", "-"], Crd(group, ""));
        Assert.False(refused.Succeeded);
        Assert.Contains("openAPIV3Schema.properties[spec].properties[tags].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
            refused.Stderr, StringComparison.Ordinal);

        try
        {
            (await fixture.Server.Kubectl(["apply", "-f", "-"], Crd(group, "maxItems: 25"))).EnsureSuccess();
        }
        finally
        {
            await fixture.Server.Kubectl(["delete", "crd", $"notes.{group}", "--ignore-not-found"]);
        }
    }
}

using System.Text.RegularExpressions;
using Dotkube.E2E.Harness;

namespace Dotkube.E2E.ApiVersions;

/// <summary>
/// Every manifest of the course applies with <c>kubectl apply --dry-run=server</c> (after the
/// namespaces it names exist): none is refused for its apiVersion or its schema. Custom resources
/// wait for the CRD serving issue; coffee-2.yaml, a v1 CRD without a schema, is refused on an
/// empty cluster as Kubernetes refuses it (the course applies it over coffee-1's v1beta1 CRD, where
/// upstream's ratcheting lets it through; see the legacy version tests). local-path-storage.yaml meets
/// the local-path class dotkube installs (the course lets readers skip it on such clusters).
/// </summary>
[Collection(SharedServerCollection.Name)]
public partial class CourseManifestTests(SharedServerFixture fixture)
{
    /// <summary>Kinds defined by the course's CRDs, which kubectl cannot map until CRDs are served.</summary>
    private static readonly string[] CustomKinds = ["Coffee", "Elasticsearch", "ElasticsearchCluster", "Kibana"];

    [CourseManifestsTheory]
    [MemberData(nameof(CourseManifests.FileNames), MemberType = typeof(CourseManifests))]
    public async Task A_course_manifest_applies_without_being_refused(string file)
    {
        // The course asks the reader to put their node's address where it says A.B.C.D.
        var yaml = (await File.ReadAllTextAsync(Path.Combine(CourseManifests.Path, file))).Replace("A.B.C.D", "10.0.0.1", StringComparison.Ordinal);
        foreach (var ns in NamespaceLine().Matches(yaml).Select(m => m.Groups[1].Value.Trim('"', '\'')).Distinct())
        {
            (await fixture.Server.Kubectl(["apply", "-f", "-"], $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n")).EnsureSuccess();
        }

        var result = await fixture.Server.Kubectl(["apply", "--dry-run=server", "-f", "-"], yaml);

        var problems = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !DeprecationWarning().IsMatch(line) && line != "ensure CRDs are installed first")
            .Where(line => !CustomKinds.Any(kind => line.Contains($"no matches for kind \"{kind}\"", StringComparison.Ordinal)))
            .ToList();
        if (file == "coffee-2.yaml")
        {
            Assert.Equal(["The CustomResourceDefinition \"coffees.container.training\" is invalid: spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"], problems);
            return;
        }
        if (file == "local-path-storage.yaml")
        {
            // dotkube's built-in class is this one (provisioner rancher.io/local-path, as k3s ships it), so
            // the course's step only adopts it: kubectl warns that the class was not created by apply.
            Assert.Equal(
                ["Warning: resource storageclasses/local-path is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically."],
                problems);
            return;
        }
        Assert.True(problems.Count == 0, $"{file}: {string.Join('\n', problems)}\n{result}");
        Assert.DoesNotContain(" created", result.Stdout.Replace(" created (server dry run)", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s+namespace:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^Warning: \S+ \S+ is deprecated in v1\.\d+\+, unavailable in v1\.\d+\+(; use \S+ \S+)?$")]
    private static partial Regex DeprecationWarning();
}

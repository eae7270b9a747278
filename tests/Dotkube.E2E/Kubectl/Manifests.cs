using System.Text;

namespace Dotkube.E2E.KubectlCli;

/// <summary>
/// YAML for the objects tests set up with <c>kubectl apply</c>. Setup goes through apply (JSON on
/// the wire) rather than <c>kubectl create &lt;generator&gt;</c> (protobuf on the wire), so a test
/// fails only for what it is about; the generators have tests of their own.
/// </summary>
public static class Manifests
{
    /// <summary>A ConfigMap with <paramref name="data"/> given as "key=value" pairs, and optional labels as "k=v".</summary>
    public static string ConfigMap(string name, string[] data, params string[] labels)
    {
        var yaml = new StringBuilder($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"{name}\"\n");
        AppendMap(yaml, "  labels", labels);
        AppendMap(yaml, "data", data);
        return yaml.Append("---\n").ToString();
    }

    /// <summary>What <c>kubectl create deployment NAME --image=IMAGE --replicas=N [--port=P]</c> would send.</summary>
    public static string Deployment(string name, string image, int replicas = 1, int? port = null)
    {
        var container = image.Split(':')[0].Split('/')[^1];
        var ports = port is null ? "" : $"        ports:\n        - containerPort: {port}\n";
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
              labels:
                app: {name}
            spec:
              replicas: {replicas}
              selector:
                matchLabels:
                  app: {name}
              template:
                metadata:
                  labels:
                    app: {name}
                spec:
                  containers:
                  - name: {container}
                    image: {image}
            {ports}---

            """;
    }

    private static void AppendMap(StringBuilder yaml, string key, string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return;
        }

        var indent = new string(' ', key.Length - key.TrimStart().Length + 2);
        yaml.Append(key).Append(":\n");
        foreach (var pair in pairs)
        {
            var (k, v) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            yaml.Append(indent).Append(k).Append(": \"").Append(v).Append("\"\n");
        }
    }
}

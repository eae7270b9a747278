using System.Text;

namespace Dotkube.Commands;

/// <summary>who-can's output: the role bindings, then the cluster role bindings, each as a table.</summary>
public static class WhoCanReport
{
    public static string Format(WhoCanRequest request, WhoCanAnswer answer)
    {
        var sb = new StringBuilder();
        var action = $"{request.Verb} {(request.Name.Length > 0 ? answer.Resource + "/" + request.Name : answer.Resource)}";
        if (answer.Group.Length > 0 && answer.Group != "*")
        {
            action = $"{request.Verb} {answer.Resource}.{answer.Group}{(request.Name.Length > 0 ? "/" + request.Name : "")}";
        }
        if (answer.RoleBindings.Count == 0)
        {
            sb.Append("No subjects found with permissions to ").Append(action).Append(" assigned through RoleBindings\n");
        }
        else
        {
            Table(sb, ["ROLEBINDING", "NAMESPACE", "SUBJECT", "TYPE", "SA-NAMESPACE"],
                answer.RoleBindings.Select(g => new[] { g.Binding, g.Namespace, g.Subject, g.SubjectKind, g.SubjectNamespace }));
        }
        sb.Append('\n');
        if (answer.ClusterRoleBindings.Count == 0)
        {
            sb.Append("No subjects found with permissions to ").Append(action).Append(" assigned through ClusterRoleBindings\n");
        }
        else
        {
            Table(sb, ["CLUSTERROLEBINDING", "SUBJECT", "TYPE", "SA-NAMESPACE"],
                answer.ClusterRoleBindings.Select(g => new[] { g.Binding, g.Subject, g.SubjectKind, g.SubjectNamespace }));
        }
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}

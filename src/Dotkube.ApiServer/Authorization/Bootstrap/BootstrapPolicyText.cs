using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authorization.Rbac;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Rbac;

namespace Dotkube.ApiServer.Authorization.Bootstrap;

/// <summary>Reads the notation of BootstrapPolicy.txt (described at the top of that file) into API objects.</summary>
public static class BootstrapPolicyText
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public static IReadOnlyList<BootstrapObject> Parse(string text)
    {
        var roles = new List<BootstrapObject>();
        var bindings = new List<BootstrapObject>();
        JsonArray? rules = null;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith(' '))
            {
                (rules ?? throw Error(lineNo, "a rule outside a role")).Add(Rule(words, lineNo).ToJson());
                continue;
            }
            rules = null;
            switch (words[0])
            {
                case "clusterrole":
                    {
                        var role = Role(RbacResources.ClusterRoles, "", words[1], words[2..]);
                        rules = role.Object["rules"]!.AsArray();
                        roles.Add(role);
                        break;
                    }
                case "controller":
                    {
                        var name = "system:controller:" + words[1];
                        var role = Role(RbacResources.ClusterRoles, "", name, []);
                        rules = role.Object["rules"]!.AsArray();
                        roles.Add(role);
                        bindings.Add(Binding(RbacResources.ClusterRoleBindings, "", name, "ClusterRole", name, [$"ServiceAccount:kube-system/{words[1]}"]));
                        break;
                    }
                case "role":
                    {
                        var (ns, name) = Split(words[1], lineNo);
                        var role = Role(RbacResources.Roles, ns, name, words[2..]);
                        rules = role.Object["rules"]!.AsArray();
                        roles.Add(role);
                        break;
                    }
                case "clusterrolebinding":
                    bindings.Add(Binding(RbacResources.ClusterRoleBindings, "", words[1], "ClusterRole", Value(words[2], "role=", lineNo), words[3..]));
                    break;
                case "rolebinding":
                    {
                        var (ns, name) = Split(words[1], lineNo);
                        var roleRef = Value(words[2], "role=", lineNo);
                        var colon = roleRef.IndexOf(':', StringComparison.Ordinal);
                        bindings.Add(Binding(RbacResources.RoleBindings, ns, name, roleRef[..colon], roleRef[(colon + 1)..], words[3..]));
                        break;
                    }
                default:
                    throw Error(lineNo, $"unknown entry \"{words[0]}\"");
            }
        }
        return [.. roles, .. bindings];
    }

    private static PolicyRule Rule(string[] words, int lineNo)
    {
        var verbs = words[0].Split(',');
        if (words.Length >= 3 && words[1] == "url")
        {
            return PolicyRule.NonResource(verbs, words[2..]);
        }
        if (words.Length is < 3 or > 4)
        {
            throw Error(lineNo, "a rule is VERBS GROUPS RESOURCES [names=…]");
        }
        var groups = words[1].Split(',').Select(g => g == "\"\"" ? "" : g).ToArray();
        var names = words.Length == 4 ? Value(words[3], "names=", lineNo).Split(',') : [];
        return PolicyRule.Resource(verbs, groups, words[2].Split(','), names);
    }

    private static BootstrapObject Role(ResourceDefinition def, string ns, string name, string[] options)
    {
        var labels = new JsonObject { [BootstrapPolicy.BootstrappingLabel] = BootstrapPolicy.BootstrappingValue };
        var obj = new JsonObject
        {
            ["apiVersion"] = RbacGroup + "/v1",
            ["kind"] = def.Kind,
            ["metadata"] = Metadata(ns, name, labels),
        };
        foreach (var option in options)
        {
            if (option.StartsWith("aggregate=", StringComparison.Ordinal))
            {
                obj["aggregationRule"] = new JsonObject
                {
                    ["clusterRoleSelectors"] = new JsonArray(new JsonObject
                    {
                        ["matchLabels"] = new JsonObject { [BootstrapPolicy.AggregateToPrefix + option["aggregate=".Length..]] = "true" },
                    }),
                };
            }
            else if (option.StartsWith("label=", StringComparison.Ordinal))
            {
                var kv = option["label=".Length..];
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                labels[kv[..eq]] = kv[(eq + 1)..];
            }
        }
        obj["rules"] = new JsonArray();
        return new BootstrapObject(def, obj);
    }

    private static BootstrapObject Binding(ResourceDefinition def, string ns, string name, string roleKind, string roleName, string[] subjects)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = RbacGroup + "/v1",
            ["kind"] = def.Kind,
            ["metadata"] = Metadata(ns, name, new JsonObject { [BootstrapPolicy.BootstrappingLabel] = BootstrapPolicy.BootstrappingValue }),
            ["roleRef"] = new JsonObject { ["apiGroup"] = RbacGroup, ["kind"] = roleKind, ["name"] = roleName },
        };
        if (subjects.Length > 0)
        {
            obj["subjects"] = new JsonArray([.. subjects.Select(Subject)]);
        }
        return new BootstrapObject(def, obj);
    }

    private static JsonNode Subject(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = text[..colon];
        var name = text[(colon + 1)..];
        if (kind == "ServiceAccount")
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            return new JsonObject { ["kind"] = kind, ["name"] = name[(slash + 1)..], ["namespace"] = name[..slash] };
        }
        return new JsonObject { ["apiGroup"] = RbacGroup, ["kind"] = kind, ["name"] = name };
    }

    private static JsonObject Metadata(string ns, string name, JsonObject labels)
    {
        var m = new JsonObject { ["name"] = name };
        if (ns.Length > 0)
        {
            m["namespace"] = ns;
        }
        m["labels"] = labels;
        m["annotations"] = new JsonObject { [BootstrapPolicy.AutoUpdateAnnotation] = "true" };
        return m;
    }

    private static (string Namespace, string Name) Split(string text, int lineNo)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (text[..slash], text[(slash + 1)..]) : throw Error(lineNo, "expected NAMESPACE/NAME");
    }

    private static string Value(string word, string prefix, int lineNo) =>
        word.StartsWith(prefix, StringComparison.Ordinal) ? word[prefix.Length..] : throw Error(lineNo, $"expected {prefix}…");

    private static FormatException Error(int lineNo, string what) => new($"BootstrapPolicy.txt line {lineNo}: {what}");
}

using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>
/// The JSONPath subset printer columns and selectable fields use, evaluated as kubectl's
/// jsonpath does: <c>.spec.replicas</c>, <c>.items[0]</c>, <c>.items[*].name</c>,
/// <c>['a.b']</c>, and filters <c>[?(@.type=="Ready")]</c> with == and !=.
/// </summary>
public sealed class SimpleJsonPath
{
    private readonly List<Step> steps;

    private SimpleJsonPath(List<Step> steps) => this.steps = steps;

    public static SimpleJsonPath Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }
        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '$':
                    i++;
                    break;
                case '.':
                    {
                        i++;
                        var start = i;
                        while (i < text.Length && text[i] is not ('.' or '['))
                        {
                            i++;
                        }
                        if (i > start)
                        {
                            steps.Add(new Step(StepKind.Field, text[start..i]));
                        }
                        break;
                    }
                case '[':
                    {
                        var end = FindClose(text, i);
                        var inner = text[(i + 1)..end].Trim();
                        i = end + 1;
                        if (inner == "*")
                        {
                            steps.Add(new Step(StepKind.All, ""));
                        }
                        else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
                        {
                            steps.Add(new Step(StepKind.Filter, inner[2..^1].Trim()));
                        }
                        else if (inner.Length >= 2 && inner[0] is '\'' or '"')
                        {
                            steps.Add(new Step(StepKind.Field, inner[1..^1]));
                        }
                        else if (int.TryParse(inner, out _))
                        {
                            steps.Add(new Step(StepKind.Index, inner));
                        }
                        else
                        {
                            throw new FormatException($"unsupported JSONPath segment [{inner}] in {path}");
                        }
                        break;
                    }
                default:
                    {
                        var start = i;
                        while (i < text.Length && text[i] is not ('.' or '['))
                        {
                            i++;
                        }
                        steps.Add(new Step(StepKind.Field, text[start..i]));
                        break;
                    }
            }
        }
        return new SimpleJsonPath(steps);
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }
        throw new FormatException($"unclosed [ in {text}");
    }

    /// <summary>Every value the path reaches, in document order.</summary>
    public List<JsonNode?> Evaluate(JsonNode? root)
    {
        var current = new List<JsonNode?> { root };
        foreach (var step in steps)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                switch (step.Kind)
                {
                    case StepKind.Field when node is JsonObject o && o.TryGetPropertyValue(step.Text, out var v):
                        next.Add(v);
                        break;
                    case StepKind.Index when node is JsonArray a:
                        var index = int.Parse(step.Text, System.Globalization.CultureInfo.InvariantCulture);
                        if (index < 0)
                        {
                            index += a.Count;
                        }
                        if (index >= 0 && index < a.Count)
                        {
                            next.Add(a[index]);
                        }
                        break;
                    case StepKind.All when node is JsonArray a:
                        next.AddRange(a);
                        break;
                    case StepKind.All when node is JsonObject o:
                        next.AddRange(o.Select(kv => kv.Value));
                        break;
                    case StepKind.Filter when node is JsonArray a:
                        next.AddRange(a.Where(item => Matches(item, step.Text)));
                        break;
                }
            }
            current = next;
        }
        return current;
    }

    private static bool Matches(JsonNode? item, string filter)
    {
        var op = filter.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
        var parts = filter.Split(op, 2);
        if (parts.Length != 2)
        {
            // [?(@.field)]: present.
            return Parse(filter.TrimStart('@')).Evaluate(item).Count > 0;
        }
        var left = Parse(parts[0].Trim().TrimStart('@')).Evaluate(item);
        var literal = parts[1].Trim().Trim('"', '\'');
        var equal = left.Count > 0 && Text(left[0]) == literal;
        return op == "==" ? equal : !equal;
    }

    /// <summary>A value as jsonpath prints it: strings bare, everything else as JSON.</summary>
    public static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node is null ? "<nil>" : Registry.ObjectJson.ToJsonString(node);

    private enum StepKind
    {
        Field,
        Index,
        All,
        Filter,
    }

    private sealed record Step(StepKind Kind, string Text);
}

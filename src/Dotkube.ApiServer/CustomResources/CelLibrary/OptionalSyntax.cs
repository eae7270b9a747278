using System.Text;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// The Cel package parses cel-go's optional syntax (<c>x.?f</c>, <c>x[?k]</c>, <c>[?e]</c>,
/// <c>{?k: v}</c>) but evaluates it as plain selection, so expressions using it are rewritten
/// into calls of <see cref="OptionalLibrary"/>'s internal functions before compiling:
/// <c>x.?f.g</c> becomes <c>__optional_select(__optional_select(x, "f"), "g")</c> (selection and
/// indexing after an optional step stay optional, as in cel-go). Expressions without the syntax
/// are returned unchanged.
/// </summary>
internal sealed class OptionalSyntax
{
    private readonly List<(string Kind, string Text)> tokens;
    private int pos;

    private OptionalSyntax(List<(string, string)> tokens) => this.tokens = tokens;

    /// <summary>The expression to compile: <paramref name="expression"/> itself when it has no optional syntax (or does not parse here).</summary>
    public static string Rewrite(string expression)
    {
        if (!expression.Contains('?'))
        {
            return expression;
        }
        List<(string, string)> tokens;
        try
        {
            tokens = CelLexer.Tokenize(expression, Operators);
        }
        catch (FormatException)
        {
            return expression;
        }
        if (!UsesOptionalSyntax(tokens))
        {
            return expression;
        }
        try
        {
            var parser = new OptionalSyntax(tokens);
            var text = parser.Conditional();
            return parser.Peek.Kind == "eof" ? text : expression;
        }
        catch (FormatException)
        {
            // Left to the compiler, which reports the syntax error.
            return expression;
        }
    }

    private static bool UsesOptionalSyntax(List<(string Kind, string Text)> tokens)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i] is ("op", "?") && tokens[i - 1] is ("op", "." or "[" or "{" or ","))
            {
                return true;
            }
        }
        return false;
    }

    private (string Kind, string Text) Peek => tokens[pos];

    private (string Kind, string Text) Next() => tokens[pos++];

    private bool Accept(string text)
    {
        if (Peek.Kind == "op" && Peek.Text == text)
        {
            pos++;
            return true;
        }
        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
        {
            throw new FormatException($"expected {text}");
        }
    }

    private string Conditional()
    {
        var condition = Binary(0);
        if (!Accept("?"))
        {
            return condition;
        }
        var then = Binary(0);
        Expect(":");
        return $"{condition} ? {then} : {Conditional()}";
    }

    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"], ["+", "-"], ["*", "/", "%"],
    ];

    private string Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }
        var left = Binary(level + 1);
        while (true)
        {
            var op = Levels[level].FirstOrDefault(o => Peek.Text == o && Peek.Kind is "op" or "ident");
            if (op is null)
            {
                return left;
            }
            pos++;
            left = $"{left} {op} {Binary(level + 1)}";
        }
    }

    private string Unary()
    {
        var prefix = new StringBuilder();
        while (Peek.Kind == "op" && Peek.Text is "!" or "-")
        {
            prefix.Append(Next().Text);
        }
        return prefix.ToString() + Member();
    }

    private string Member()
    {
        var text = Primary();
        var chained = false;
        while (true)
        {
            if (Accept("."))
            {
                var optional = Accept("?");
                var name = Next();
                if (name.Kind != "ident")
                {
                    throw new FormatException("expected a field name");
                }
                if (!optional && Accept("("))
                {
                    text = $"{text}.{name.Text}({Arguments(")")})";
                    chained = false;
                }
                else if (optional || chained)
                {
                    text = $"{OptionalLibrary.Select}({text}, \"{name.Text}\")";
                    chained = true;
                }
                else
                {
                    text = $"{text}.{name.Text}";
                }
            }
            else if (Accept("["))
            {
                var optional = Accept("?");
                var index = Conditional();
                Expect("]");
                if (optional || chained)
                {
                    text = $"{OptionalLibrary.Index}({text}, {index})";
                    chained = true;
                }
                else
                {
                    text = $"{text}[{index}]";
                }
            }
            else if (Peek is ("op", "{") && IsQualifiedName(text))
            {
                Next();
                text = $"{text}{{{Entries("}", fields: true)}}}";
            }
            else
            {
                return text;
            }
        }
    }

    private static bool IsQualifiedName(string text) => text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');

    private string Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case "string" or "number":
                return token.Text;
            case "ident":
                return Accept("(") ? $"{token.Text}({Arguments(")")})" : token.Text;
            case "op" when token.Text == ".":
                return "." + Primary();
            case "op" when token.Text == "(":
                var inner = Conditional();
                Expect(")");
                return $"({inner})";
            case "op" when token.Text == "[":
                return List();
            case "op" when token.Text == "{":
                return Map();
            default:
                throw new FormatException($"unexpected {token.Text}");
        }
    }

    private string Arguments(string close)
    {
        var args = new List<string>();
        while (!Accept(close))
        {
            if (args.Count > 0)
            {
                Expect(",");
                if (Accept(close))
                {
                    break;
                }
            }
            args.Add(Conditional());
        }
        return string.Join(", ", args);
    }

    /// <summary>[a, ?b]: with an optional element, a list of optionals filtered to the present ones.</summary>
    private string List()
    {
        var elements = new List<(bool Optional, string Text)>();
        while (!Accept("]"))
        {
            if (elements.Count > 0)
            {
                Expect(",");
                if (Accept("]"))
                {
                    break;
                }
            }
            var optional = Accept("?");
            elements.Add((optional, Conditional()));
        }
        if (!elements.Any(e => e.Optional))
        {
            return $"[{string.Join(", ", elements.Select(e => e.Text))}]";
        }
        var wrapped = elements.Select(e => e.Optional ? e.Text : $"{OptionalLibrary.Present}({e.Text})");
        return $"{OptionalLibrary.List}([{string.Join(", ", wrapped)}])";
    }

    /// <summary>{k: v, ?k2: opt}: with an optional entry, built from alternating keys and optional values.</summary>
    private string Map()
    {
        var entries = new List<(bool Optional, string Key, string Value)>();
        while (!Accept("}"))
        {
            if (entries.Count > 0)
            {
                Expect(",");
                if (Accept("}"))
                {
                    break;
                }
            }
            var optional = Accept("?");
            var key = Conditional();
            Expect(":");
            entries.Add((optional, key, Conditional()));
        }
        if (!entries.Any(e => e.Optional))
        {
            return $"{{{string.Join(", ", entries.Select(e => $"{e.Key}: {e.Value}"))}}}";
        }
        var flat = entries.SelectMany(e => new[] { e.Key, e.Optional ? e.Value : $"{OptionalLibrary.Present}({e.Value})" });
        return $"{OptionalLibrary.Map}([{string.Join(", ", flat)}])";
    }

    /// <summary>A message literal's fields, kept as written.</summary>
    private string Entries(string close, bool fields)
    {
        var parts = new List<string>();
        while (!Accept(close))
        {
            if (parts.Count > 0)
            {
                Expect(",");
                if (Accept(close))
                {
                    break;
                }
            }
            var optional = Accept("?") ? "?" : "";
            var key = fields ? Next().Text : Conditional();
            Expect(":");
            parts.Add($"{optional}{key}: {Conditional()}");
        }
        return string.Join(", ", parts);
    }

    private static readonly string[] Operators = ["||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];
}

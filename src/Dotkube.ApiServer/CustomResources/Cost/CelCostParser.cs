namespace Dotkube.ApiServer.CustomResources.Cost;

/// <summary>
/// A recursive-descent parser for CEL's grammar (conditional, ||, &amp;&amp;, relations, +-, */%,
/// unary, member and index chains, calls, list/map/message literals), written for the cost
/// estimator: the Cel package compiles and runs rules but does not expose its syntax tree.
/// Expressions that do not parse here were already refused by the compiler.
/// </summary>
internal sealed class CelCostParser
{
    private readonly List<(string Kind, string Text)> tokens;
    private int pos;

    private CelCostParser(List<(string, string)> tokens) => this.tokens = tokens;

    /// <summary>The tree of <paramref name="expression"/>, or null when it does not parse.</summary>
    public static CelAst? TryParse(string expression)
    {
        try
        {
            var parser = new CelCostParser(Tokenize(expression));
            var ast = parser.Conditional();
            return parser.Peek.Kind == "eof" ? ast : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private (string Kind, string Text) Peek => tokens[pos];

    private (string Kind, string Text) Next() => tokens[pos++];

    private bool Accept(string text)
    {
        if (Peek.Kind is "op" or "ident" && Peek.Text == text)
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

    private CelAst Conditional()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }
        var then = Or();
        Expect(":");
        return new CelOperator("?:", [condition, then, Conditional()]);
    }

    private CelAst Or() => LeftAssociative(And, "||");

    private CelAst And() => LeftAssociative(Relation, "&&");

    private CelAst Relation() => LeftAssociative(Addition, "==", "!=", "<", "<=", ">", ">=", "in");

    private CelAst Addition() => LeftAssociative(Multiplication, "+", "-");

    private CelAst Multiplication() => LeftAssociative(Unary, "*", "/", "%");

    private CelAst LeftAssociative(Func<CelAst> operand, params string[] ops)
    {
        var left = operand();
        while (ops.FirstOrDefault(Accept) is { } op)
        {
            left = new CelOperator(op, [left, operand()]);
        }
        return left;
    }

    private CelAst Unary()
    {
        if (Accept("!"))
        {
            return new CelOperator("!", [Unary()]);
        }
        return Accept("-") ? new CelOperator("-", [Unary()]) : Member();
    }

    private CelAst Member()
    {
        var operand = Primary();
        while (true)
        {
            if (Accept(".") || Accept("?."))
            {
                var name = Next();
                if (name.Kind != "ident")
                {
                    throw new FormatException("expected a field name");
                }
                operand = Accept("(") ? new CelCall(operand, name.Text, Arguments(")")) : new CelSelect(operand, name.Text);
            }
            else if (Accept("[") || Accept("[?"))
            {
                var index = Conditional();
                Expect("]");
                operand = new CelIndex(operand, index);
            }
            else if (Peek.Kind == "op" && Peek.Text == "{" && operand is CelIdent or CelSelect)
            {
                // A message literal Type{field: value}.
                Next();
                operand = new CelCreate(Fields());
            }
            else
            {
                return operand;
            }
        }
    }

    private CelAst Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case "string":
                return new CelLiteral(token.Text.Length, IsString: true);
            case "number":
                return new CelLiteral(0, IsString: false);
            case "ident" when token.Text is "true" or "false" or "null":
                return new CelLiteral(0, IsString: false);
            case "ident":
                return Accept("(") ? new CelCall(null, token.Text, Arguments(")")) : new CelIdent(token.Text);
            case "op" when token.Text == ".":
                return Primary();
            case "op" when token.Text == "(":
                var inner = Conditional();
                Expect(")");
                return inner;
            case "op" when token.Text == "[":
                return new CelCreate(Arguments("]"));
            case "op" when token.Text == "{":
                return new CelCreate(Fields());
            default:
                throw new FormatException($"unexpected {token.Text}");
        }
    }

    private List<CelAst> Arguments(string close)
    {
        var args = new List<CelAst>();
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
            Accept("?");
            args.Add(Conditional());
        }
        return args;
    }

    private List<CelAst> Fields()
    {
        var elements = new List<CelAst>();
        while (!Accept("}"))
        {
            if (elements.Count > 0)
            {
                Expect(",");
                if (Accept("}"))
                {
                    break;
                }
            }
            Accept("?");
            elements.Add(Conditional());
            Expect(":");
            elements.Add(Conditional());
        }
        return elements;
    }

    private static readonly string[] Operators = ["?.", "[?", "||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    private static List<(string, string)> Tokenize(string s)
    {
        var result = new List<(string, string)>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < s.Length && NumberContinues(s, start, i))
                {
                    i++;
                }
                result.Add(("number", s[start..i]));
            }
            else if (c is '"' or '\'' || (c is 'r' or 'R' or 'b' or 'B' && StringStart(s, i) is not null))
            {
                var at = StringStart(s, i) ?? i;
                var raw = s[i..at].Contains('r', StringComparison.OrdinalIgnoreCase);
                result.Add(("string", ReadString(s, at, raw, out i)));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }
                result.Add(("ident", s[start..i]));
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0) is { } op)
            {
                result.Add(("op", op));
                i += op.Length;
            }
            else
            {
                throw new FormatException($"unexpected character {c}");
            }
        }
        result.Add(("eof", ""));
        return result;
    }

    /// <summary>Where the quote of a prefixed string literal (r'…', b"…", rb'…') is, if this is one.</summary>
    private static int? StringStart(string s, int i)
    {
        var j = i;
        while (j < s.Length && j - i < 2 && s[j] is 'r' or 'R' or 'b' or 'B')
        {
            j++;
        }
        return j < s.Length && s[j] is '"' or '\'' ? j : null;
    }

    private static string ReadString(string s, int at, bool raw, out int end)
    {
        var quote = s[at];
        var triple = at + 2 < s.Length && s[at + 1] == quote && s[at + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        var i = at + delimiter.Length;
        var text = new System.Text.StringBuilder();
        while (i < s.Length)
        {
            if (string.CompareOrdinal(s, i, delimiter, 0, delimiter.Length) == 0)
            {
                end = i + delimiter.Length;
                return text.ToString();
            }
            if (s[i] == '\\' && !raw && i + 1 < s.Length)
            {
                text.Append(s[i + 1]);
                i += 2;
                continue;
            }
            text.Append(s[i++]);
        }
        throw new FormatException("unterminated string");
    }

    /// <summary>Digits, hex digits, the u suffix, a decimal point before a digit, an exponent and its sign.</summary>
    private static bool NumberContinues(string s, int start, int i)
    {
        if (char.IsLetterOrDigit(s[i]))
        {
            return true;
        }
        if (s[i] == '.')
        {
            return i + 1 < s.Length && char.IsDigit(s[i + 1]);
        }
        var hex = s[start..i].StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return s[i] is '+' or '-' && s[i - 1] is 'e' or 'E' && !hex;
    }
}

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

    /// <summary>CEL's tokens, string literals by their characters (the cost of a literal is its length).</summary>
    private static List<(string, string)> Tokenize(string s) =>
        CelLexer.Tokenize(s, Operators).ConvertAll(t => t.Kind == "string" ? (t.Kind, CelLexer.Value(t.Text)) : t);
}

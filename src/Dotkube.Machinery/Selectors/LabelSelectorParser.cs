using Dotkube.Machinery.Validation;

namespace Dotkube.Machinery.Selectors;

/// <summary>
/// Reads the string form of a label selector (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>) with
/// upstream's grammar and error texts. Tokens: identifiers run until whitespace or one of
/// <c>=!(),&gt;&lt;</c>; operators are read greedily (<c>!=</c>, <c>==</c>).
/// </summary>
internal sealed class LabelSelectorParser
{
    private enum Token
    {
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    private static readonly Dictionary<string, Token> Literals = new(StringComparer.Ordinal)
    {
        [")"] = Token.ClosedPar,
        [","] = Token.Comma,
        ["!"] = Token.DoesNotExist,
        ["=="] = Token.DoubleEquals,
        ["="] = Token.Equals,
        [">"] = Token.GreaterThan,
        ["in"] = Token.In,
        ["<"] = Token.LessThan,
        ["!="] = Token.NotEquals,
        ["notin"] = Token.NotIn,
        ["("] = Token.OpenPar,
    };

    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(Token Token, string Literal)> _items;
    private int _position;

    private LabelSelectorParser(string selector) => _items = Scan(selector);

    /// <summary>The requirements in key order, or the error text upstream would give.</summary>
    public static bool TryParse(string selector, out List<LabelRequirement> requirements, out string error)
    {
        var parser = new LabelSelectorParser(selector);
        try
        {
            requirements = parser.Parse();
            // Upstream sorts by key so that equal selectors print and compare alike.
            requirements = [.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)];
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            requirements = [];
            error = e.Message;
            return false;
        }
    }

    private List<LabelRequirement> Parse()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Peek(values: true);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (FormatException e)
                    {
                        throw new FormatException("unable to parse requirement: " + e.Message);
                    }
                    var (next, nextLiteral) = Next(values: true);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return requirements;
                        case Token.Comma:
                            var (after, afterLiteral) = Peek(values: true);
                            if (after is not (Token.Identifier or Token.DoesNotExist))
                            {
                                throw new FormatException($"found '{afterLiteral}', expected: identifier after ','");
                            }
                            break;
                        default:
                            throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }
                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, unary) = ParseKeyAndInferOperator();
        if (unary is { } op)
        {
            return LabelRequirement.Create(key, op, []);
        }
        var binary = ParseOperator();
        var values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        // Upstream keeps the values as a sorted set.
        return LabelRequirement.Create(key, binary, [.. values.Order(StringComparer.Ordinal)]);
    }

    private (string Key, SelectorOperator? Unary) ParseKeyAndInferOperator()
    {
        SelectorOperator? op = null;
        var (token, literal) = Next(values: true);
        if (token == Token.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (token, literal) = Next(values: true);
        }
        if (token != Token.Identifier)
        {
            throw new FormatException($"found '{literal}', expected: identifier");
        }
        var keyErrors = NameValidation.IsQualifiedName(literal);
        if (keyErrors.Count > 0)
        {
            throw new FormatException(LabelRequirement.GoError(FieldError.Invalid("", literal, string.Join("; ", keyErrors))));
        }
        if (Peek(values: true).Token is Token.EndOfString or Token.Comma)
        {
            op ??= SelectorOperator.Exists;
        }
        return (literal, op);
    }

    private SelectorOperator ParseOperator()
    {
        var (token, literal) = Next(values: false);
        return token switch
        {
            Token.In => SelectorOperator.In,
            Token.Equals => SelectorOperator.Equals,
            Token.DoubleEquals => SelectorOperator.DoubleEquals,
            Token.GreaterThan => SelectorOperator.GreaterThan,
            Token.LessThan => SelectorOperator.LessThan,
            Token.NotIn => SelectorOperator.NotIn,
            Token.NotEquals => SelectorOperator.NotEquals,
            _ => throw new FormatException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Next(values: true);
        if (token != Token.OpenPar)
        {
            throw new FormatException($"found '{literal}' expected: '('");
        }
        (token, literal) = Peek(values: true);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var set = ParseIdentifiersList();
                if (Next(values: true).Token != Token.ClosedPar)
                {
                    throw new FormatException($"found '{literal}', expected: ')'");
                }
                return set;
            case Token.ClosedPar:
                // "()" is a set holding the empty value.
                Next(values: true);
                return [""];
            default:
                throw new FormatException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private HashSet<string> ParseIdentifiersList()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Next(values: true);
            switch (token)
            {
                case Token.Identifier:
                    set.Add(literal);
                    var (next, nextLiteral) = Peek(values: true);
                    if (next == Token.Comma)
                    {
                        continue;
                    }
                    if (next == Token.ClosedPar)
                    {
                        return set;
                    }
                    throw new FormatException($"found '{nextLiteral}', expected: ',' or ')'");
                case Token.Comma:
                    // Empty entries ("(,", ",,", ",)") stand for the empty value.
                    if (set.Count == 0)
                    {
                        set.Add("");
                    }
                    var following = Peek(values: true).Token;
                    if (following == Token.ClosedPar)
                    {
                        set.Add("");
                        return set;
                    }
                    if (following == Token.Comma)
                    {
                        Next(values: true);
                        set.Add("");
                    }
                    break;
                default:
                    throw new FormatException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        if (Peek(values: true).Token is Token.EndOfString or Token.Comma)
        {
            return [""];
        }
        var (token, literal) = Next(values: true);
        if (token == Token.Identifier)
        {
            return [literal];
        }
        throw new FormatException($"found '{literal}', expected: identifier");
    }

    /// <summary>Where values are expected, the keywords in and notin are plain identifiers.</summary>
    private (Token Token, string Literal) Peek(bool values) => Contextual(_items[_position], values);

    private (Token Token, string Literal) Next(bool values) => Contextual(_items[_position++], values);

    private static (Token Token, string Literal) Contextual((Token Token, string Literal) item, bool values) =>
        values && item.Token is Token.In or Token.NotIn ? (Token.Identifier, item.Literal) : item;

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static List<(Token, string)> Scan(string s)
    {
        var items = new List<(Token, string)>();
        var pos = 0;
        while (true)
        {
            while (pos < s.Length && IsWhitespace(s[pos]))
            {
                pos++;
            }
            if (pos >= s.Length)
            {
                items.Add((Token.EndOfString, ""));
                return items;
            }
            var start = pos;
            if (IsSpecial(s[pos]))
            {
                // The longest run of special characters that is still an operator.
                var length = 0;
                while (pos < s.Length && IsSpecial(s[pos]) && Literals.ContainsKey(s[start..(pos + 1)]))
                {
                    pos++;
                    length++;
                }
                var literal = s.Substring(start, length);
                items.Add((Literals[literal], literal));
                continue;
            }
            while (pos < s.Length && !IsSpecial(s[pos]) && !IsWhitespace(s[pos]))
            {
                pos++;
            }
            var word = s[start..pos];
            items.Add((Literals.TryGetValue(word, out var keyword) ? keyword : Token.Identifier, word));
        }
    }
}

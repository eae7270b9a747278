namespace Dotkube.ApiServer.CustomResources.Cost;

/// <summary>A CEL expression as the cost estimator sees it: enough shape to count work, no types.</summary>
internal abstract record CelAst;

/// <summary>A literal; <paramref name="Length"/> is a string's or bytes' length (0 for other literals).</summary>
internal sealed record CelLiteral(long Length, bool IsString) : CelAst;

internal sealed record CelIdent(string Name) : CelAst;

/// <summary>operand.field.</summary>
internal sealed record CelSelect(CelAst Operand, string Field) : CelAst;

/// <summary>A global call f(args) (Target null) or a receiver call target.f(args), macros included.</summary>
internal sealed record CelCall(CelAst? Target, string Function, IReadOnlyList<CelAst> Args) : CelAst;

internal sealed record CelIndex(CelAst Operand, CelAst Index) : CelAst;

/// <summary>[a, b] and {k: v} literals: their elements in order (a map's keys and values alternate).</summary>
internal sealed record CelCreate(IReadOnlyList<CelAst> Elements) : CelAst;

/// <summary>A unary or binary operator, or the conditional (op "?:" with three operands).</summary>
internal sealed record CelOperator(string Op, IReadOnlyList<CelAst> Operands) : CelAst;

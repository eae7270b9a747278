using k8s.Models;

namespace Dotkube.Scheduler.Framework;

/// <summary>
/// A metav1.LabelSelector compiled once. A null selector selects nothing and an empty one selects
/// everything, as LabelSelectorAsSelector does upstream.
/// </summary>
public sealed class LabelMatcher
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly (string Key, string Value)[] _equals;
    private readonly (string Key, string Op, HashSet<string> Values)[] _expressions;
    private readonly bool _nothing;

    public static LabelMatcher Nothing { get; } = new([], [], nothing: true);

    public static LabelMatcher Everything { get; } = new([], [], nothing: false);

    private LabelMatcher((string, string)[] equals, (string, string, HashSet<string>)[] expressions, bool nothing)
    {
        _equals = equals;
        _expressions = expressions;
        _nothing = nothing;
    }

    /// <summary>
    /// A label every selected object must carry (from matchLabels, or an In with one value), for
    /// finding candidates through an index instead of scanning; false when there is none.
    /// </summary>
    public bool TryGetAnchor(out (string Key, string Value) anchor)
    {
        if (!_nothing && _equals.Length > 0)
        {
            anchor = _equals[0];
            return true;
        }

        foreach (var (key, op, values) in _expressions)
        {
            if (!_nothing && op == "In" && values.Count == 1)
            {
                anchor = (key, values.First());
                return true;
            }
        }

        anchor = default;
        return false;
    }

    public bool IsEverything => !_nothing && _equals.Length == 0 && _expressions.Length == 0;

    public static LabelMatcher From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var equals = selector.MatchLabels?.Select(kv => (kv.Key, kv.Value)).ToArray() ?? [];
        var expressions = selector.MatchExpressions?
            .Select(e => (e.Key, e.OperatorProperty, new HashSet<string>(e.Values ?? [], StringComparer.Ordinal)))
            .ToArray() ?? [];
        return new LabelMatcher(equals, expressions, nothing: false);
    }

    /// <summary>A selector that requires every given selector's requirements.</summary>
    public static LabelMatcher AllOf(IReadOnlyList<LabelMatcher> selectors)
    {
        if (selectors.Any(s => s._nothing))
        {
            return Nothing;
        }

        return new LabelMatcher(selectors.SelectMany(s => s._equals).ToArray(), selectors.SelectMany(s => s._expressions).ToArray(), nothing: false);
    }

    /// <summary>This selector plus `key in (value)` requirements: how matchLabelKeys narrow a selector.</summary>
    public LabelMatcher WithEquals(IEnumerable<(string Key, string Value)> more)
    {
        var extra = more.ToArray();
        return extra.Length == 0 || _nothing ? this : new LabelMatcher([.. _equals, .. extra], _expressions, nothing: false);
    }

    public bool Matches(IDictionary<string, string>? labels) =>
        Matches(labels as IReadOnlyDictionary<string, string> ?? (labels is null ? NoLabels : new Dictionary<string, string>(labels)));

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (_nothing)
        {
            return false;
        }

        foreach (var (key, value) in _equals)
        {
            if (!labels.TryGetValue(key, out var v) || v != value)
            {
                return false;
            }
        }

        foreach (var (key, op, values) in _expressions)
        {
            var has = labels.TryGetValue(key, out var v);
            var ok = op switch
            {
                "In" => has && values.Contains(v!),
                "NotIn" => !has || !values.Contains(v!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

using System.Collections;
using Cel;

namespace Dotkube.ApiServer.CustomResources.CelLibrary;

/// <summary>
/// The Kubernetes 1.32 CEL libraries on top of the Cel package: quantity, url, ip/cidr, format,
/// optional types, and the string/list/regex/set extensions (see each library). Programs see the
/// namespace receivers (optional, ip, format, sets, strings) as variables, and optional syntax is
/// rewritten before compiling (<see cref="OptionalSyntax"/>).
/// </summary>
public static class KubernetesCelLibraries
{
    private static readonly Dictionary<string, object?> Namespaces = new(StringComparer.Ordinal)
    {
        ["optional"] = new CelNamespace("optional"),
        ["ip"] = new CelNamespace("ip"),
        ["format"] = new CelNamespace("format"),
        ["sets"] = new CelNamespace("sets"),
        ["strings"] = new CelNamespace("strings"),
    };

    public static void Register(CelEnvironment env)
    {
        QuantityLibrary.Register(env);
        UrlLibrary.Register(env);
        NetLibrary.Register(env);
        FormatLibrary.Register(env);
        OptionalLibrary.Register(env);
        ExtensionLibraries.Register(env);
    }

    /// <summary>The source the Cel package compiles for <paramref name="expression"/>.</summary>
    public static string Prepare(string expression) => OptionalSyntax.Rewrite(expression);

    /// <summary>A program that also sees the namespace receivers (the caller's variables win).</summary>
    public static CelProgramDelegate WithNamespaces(CelProgramDelegate program) =>
        variables => program(new Layered(variables));

    /// <summary>The caller's variables over the namespace receivers; the Cel package only reads through TryGetValue.</summary>
    private sealed class Layered(IDictionary<string, object?> inner) : IDictionary<string, object?>
    {
        public bool TryGetValue(string key, out object? value) => inner.TryGetValue(key, out value) || Namespaces.TryGetValue(key, out value);

        public object? this[string key]
        {
            get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
            set => inner[key] = value;
        }

        public bool ContainsKey(string key) => inner.ContainsKey(key) || Namespaces.ContainsKey(key);

        public ICollection<string> Keys => [.. inner.Keys.Union(Namespaces.Keys)];

        public ICollection<object?> Values => [.. Keys.Select(k => this[k])];

        public int Count => Keys.Count;

        public bool IsReadOnly => true;

        public void Add(string key, object? value) => throw new NotSupportedException();

        public void Add(KeyValuePair<string, object?> item) => throw new NotSupportedException();

        public bool Remove(string key) => throw new NotSupportedException();

        public bool Remove(KeyValuePair<string, object?> item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var v) && Equals(v, item.Value);

        public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => this.ToArray().CopyTo(array, arrayIndex);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
            Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

using System.Collections.Frozen;

namespace Dotkube.Machinery.Protobuf;

/// <summary>
/// The wire schema of the built-in API types, read from the embedded table Data/proto-schema.tsv
/// (extracted from upstream's generated.proto files and Go struct tags by
/// Data/extract_proto_schema.py, which documents the format).
/// </summary>
internal static class ProtoSchema
{
    private const string MetaPackage = "k8s.io.apimachinery.pkg.apis.meta.v1";

    private static readonly Lazy<Table> Loaded = new(Load);

    private sealed record Table(
        FrozenDictionary<string, ProtoMessage> Messages,
        FrozenDictionary<string, string> Packages);

    public static bool IsScalar(string type) => type is "string" or "bytes" or "bool" or "int32" or "int64"
        or "uint32" or "uint64" or "double" or "float";

    public static ProtoMessage Message(string fullName) =>
        Loaded.Value.Messages.TryGetValue(fullName, out var m)
            ? m
            : throw new InvalidDataException($"proto-schema.tsv: unknown message {fullName}");

    /// <summary>
    /// The message for a kind in an API group version, or null when the group version or kind is not
    /// served as protobuf. Like upstream's scheme (metav1.AddToGroupVersion), every group version also
    /// knows meta/v1's kinds: DeleteOptions, CreateOptions, Status, WatchEvent, ...
    /// </summary>
    public static ProtoMessage? ForKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var gv = slash < 0 ? "/" + apiVersion : apiVersion;
        var table = Loaded.Value;
        if (!table.Packages.TryGetValue(gv, out var package) || kind.Length == 0)
        {
            return null;
        }
        return table.Messages.GetValueOrDefault(package + "." + kind)
            ?? table.Messages.GetValueOrDefault(MetaPackage + "." + kind);
    }

    private static Table Load()
    {
        using var stream = typeof(ProtoSchema).Assembly.GetManifestResourceStream("Dotkube.Machinery.proto-schema.tsv")
            ?? throw new InvalidOperationException("the proto-schema table is not embedded");
        using var reader = new StreamReader(stream);
        var messages = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var isArray = false;
        var fields = new List<ProtoField>();
        void Flush()
        {
            if (name is not null)
            {
                messages[name] = new ProtoMessage(name, isArray, fields);
            }
            fields = [];
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var cols = line.Split('\t');
            switch (cols[0])
            {
                case "group" when cols.Length == 4:
                    packages[cols[1] + "/" + cols[2]] = cols[3];
                    break;
                case "message" when cols.Length is 2 or 3:
                    Flush();
                    name = cols[1];
                    isArray = cols.Length == 3 && cols[2] == "array";
                    break;
                default:
                    if (cols.Length != 4 || name is null || !int.TryParse(cols[0], out var number))
                    {
                        throw new InvalidDataException($"proto-schema.tsv: malformed line: {line}");
                    }
                    fields.Add(ParseField(number, cols[1], cols[2], cols[3]));
                    break;
            }
        }
        Flush();
        return new Table(messages.ToFrozenDictionary(StringComparer.Ordinal), packages.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static ProtoField ParseField(int number, string jsonName, string type, string flags)
    {
        string? mapKey = null;
        if (type.StartsWith("map<", StringComparison.Ordinal))
        {
            var comma = type.IndexOf(',', StringComparison.Ordinal);
            mapKey = type[4..comma];
            type = type[(comma + 1)..^1];
        }
        return new ProtoField(number, jsonName, type, flags.Contains('r', StringComparison.Ordinal), mapKey,
            flags.Contains('z', StringComparison.Ordinal), flags.Contains('i', StringComparison.Ordinal));
    }
}

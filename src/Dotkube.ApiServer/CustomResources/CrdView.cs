using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.CustomResources;

/// <summary>A read-only view of a stored (apiextensions.k8s.io/v1) CustomResourceDefinition.</summary>
public sealed class CrdView
{
    private CrdView(JsonObject crd)
    {
        Object = crd;
        var spec = crd["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject ?? [];
        Name = ObjectJson.Name(crd);
        Uid = ObjectJson.Uid(crd) ?? "";
        Group = Text(spec, "group");
        Plural = Text(names, "plural");
        Singular = Text(names, "singular") is { Length: > 0 } s ? s : Plural;
        Kind = Text(names, "kind");
        ListKind = Text(names, "listKind") is { Length: > 0 } lk ? lk : Kind + "List";
        ShortNames = Strings(names["shortNames"]);
        Categories = Strings(names["categories"]);
        Namespaced = Text(spec, "scope") != "Cluster";
        PreserveUnknownFields = spec["preserveUnknownFields"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        Versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Select(v => new CrdVersion(v)).ToList();
        var conversion = spec["conversion"] as JsonObject;
        ConversionStrategy = conversion is null ? "None" : Text(conversion, "strategy") is { Length: > 0 } cs ? cs : "None";
        ConversionWebhook = conversion?["webhook"] as JsonObject;
    }

    public JsonObject Object { get; }
    public string Name { get; }
    public string Uid { get; }
    public string Group { get; }
    public string Plural { get; }
    public string Singular { get; }
    public string Kind { get; }
    public string ListKind { get; }
    public IReadOnlyList<string> ShortNames { get; }
    public IReadOnlyList<string> Categories { get; }
    public bool Namespaced { get; }
    public bool PreserveUnknownFields { get; }
    public IReadOnlyList<CrdVersion> Versions { get; }
    public string ConversionStrategy { get; }
    public JsonObject? ConversionWebhook { get; }

    public CrdVersion? StorageVersion => Versions.FirstOrDefault(v => v.Storage);

    public CrdVersion? Version(string name) => Versions.FirstOrDefault(v => v.Name == name);

    public static CrdView Of(JsonObject crd) => new(crd);

    internal static string Text(JsonNode? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    internal static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0).ToList() : [];
}

/// <summary>One entry of spec.versions.</summary>
public sealed class CrdVersion
{
    internal CrdVersion(JsonObject v)
    {
        Name = CrdView.Text(v, "name");
        Served = v["served"] is JsonValue s && s.TryGetValue<bool>(out var served) && served;
        Storage = v["storage"] is JsonValue st && st.TryGetValue<bool>(out var storage) && storage;
        Deprecated = v["deprecated"] is JsonValue d && d.TryGetValue<bool>(out var dep) && dep;
        DeprecationWarning = v["deprecationWarning"] is JsonValue w && w.TryGetValue<string>(out var warning) ? warning : null;
        OpenApiV3Schema = v["schema"]?["openAPIV3Schema"] as JsonObject;
        Schema = OpenApiV3Schema is null ? null : StructuralSchema.Parse(OpenApiV3Schema);
        var subresources = v["subresources"] as JsonObject;
        HasStatus = subresources?["status"] is JsonObject;
        Scale = subresources?["scale"] is JsonObject scale
            ? new ScalePaths(CrdView.Text(scale, "specReplicasPath"), CrdView.Text(scale, "statusReplicasPath"), CrdView.Text(scale, "labelSelectorPath") is { Length: > 0 } l ? l : null)
            : null;
        PrinterColumns = (v["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new PrinterColumn(
            CrdView.Text(c, "name"), CrdView.Text(c, "type"), CrdView.Text(c, "format"), CrdView.Text(c, "description"),
            c["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) ? priority : 0, CrdView.Text(c, "jsonPath"))).ToList();
        SelectableFields = (v["selectableFields"] as JsonArray ?? []).OfType<JsonObject>().Select(f => CrdView.Text(f, "jsonPath")).ToList();
    }

    public string Name { get; }
    public bool Served { get; }
    public bool Storage { get; }
    public bool Deprecated { get; }
    public string? DeprecationWarning { get; }
    public JsonObject? OpenApiV3Schema { get; }
    public StructuralSchema? Schema { get; }
    public bool HasStatus { get; }
    public ScalePaths? Scale { get; }
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; }
    public IReadOnlyList<string> SelectableFields { get; }
}

/// <summary>subresources.scale: where replicas and the selector live, as simple JSON paths (.spec.replicas).</summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>One additionalPrinterColumns entry.</summary>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);

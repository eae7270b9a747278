using System.Text.Json.Nodes;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

/// <summary>
/// The kinds subresource requests carry (autoscaling/v1 Scale, Binding, policy Eviction), for
/// decoding their bodies as upstream does: strictly per the <c>fieldValidation</c> parameter,
/// refused as <c>Scale in version "v1" cannot be handled as a Scale: ...</c>.
/// </summary>
internal static class SubresourceBodies
{
    public static readonly ResourceDefinition Scale = Kind("autoscaling", "Scale", "scale", typeof(k8s.Models.V1Scale));

    public static readonly ResourceDefinition Binding = Kind("", "Binding", "bindings", typeof(k8s.Models.V1Binding));

    public static readonly ResourceDefinition Eviction = Kind("policy", "Eviction", "evictions", typeof(k8s.Models.V1Eviction));

    /// <summary>Decodes a create or update body of <paramref name="kind"/> and checks its fields as the request asks.</summary>
    /// <param name="optionsKind">CreateOptions or UpdateOptions, for a bad fieldValidation value's error</param>
    public static JsonObject Decode(HttpContext ctx, byte[] bytes, ResourceDefinition kind, string optionsKind)
    {
        var validator = FieldValidator.FromRequest(ctx, optionsKind);
        var obj = RequestBody.DecodeObject(bytes, ctx.Request.ContentType, out var duplicates);
        validator.CheckObject(obj, duplicates, kind, "v1");
        return obj;
    }

    private static ResourceDefinition Kind(string group, string kind, string plural, Type model) => new()
    {
        Group = group,
        Versions = ["v1"],
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = true,
        StoragePrefix = $"/registry/{plural}-are-never-stored",
        Strategy = new Resources.Common.PassThroughStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = model },
    };
}

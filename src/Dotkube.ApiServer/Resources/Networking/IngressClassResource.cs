using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Networking;

/// <summary>networking.k8s.io/v1 ingressclasses.</summary>
public static class IngressClassResource
{
    public static ResourceDefinition Definition { get; } = new()
    {
        Group = "networking.k8s.io",
        Versions = ["v1"],
        Kind = "IngressClass",
        Plural = "ingressclasses",
        Singular = "ingressclass",
        Namespaced = false,
        StoragePrefix = "/registry/ingressclasses",
        Strategy = new IngressClassStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1IngressClass) },
    };
}

public sealed class IngressClassStrategy : ResourceStrategy
{
    private const int MaxControllerLength = 250;

    public override bool TracksGeneration => true;

    /// <summary>Parameters without a scope are cluster-scoped (upstream SetDefaults_IngressClass).</summary>
    public override void Default(JsonObject obj)
    {
        if (obj.Obj("spec").Obj("parameters") is { } parameters)
        {
            parameters.DefaultString("scope", "Cluster");
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var controller = spec.StrOrEmpty("controller");
        if (controller.Length > MaxControllerLength)
        {
            errors.Add(FieldError.TooLong("spec.controller", controller, MaxControllerLength));
        }
        CommonValidation.DomainPrefixedPath(controller, "spec.controller", errors);
        if (spec.Obj("parameters") is { } parameters)
        {
            ValidateParameters(parameters, errors);
        }
        return errors;
    }

    private static void ValidateParameters(JsonObject parameters, List<FieldError> errors)
    {
        const string path = "spec.parameters";
        if (parameters.Str("apiGroup") is { } group)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(group))
            {
                errors.Add(FieldError.Invalid(path + ".apiGroup", group, msg));
            }
        }
        foreach (var key in new[] { "kind", "name" })
        {
            var value = parameters.StrOrEmpty(key);
            if (value.Length == 0)
            {
                errors.Add(FieldError.Required(path + "." + key));
                continue;
            }
            foreach (var msg in PathSegments.Validate(value))
            {
                errors.Add(FieldError.Invalid(path + "." + key, value, msg));
            }
        }
        var scope = parameters.StrOrEmpty("scope");
        var ns = parameters.Str("namespace");
        switch (scope)
        {
            case "Namespace":
                if (ns is null)
                {
                    errors.Add(FieldError.Required(path + ".namespace", "`parameters.scope` is set to 'Namespace'"));
                }
                else
                {
                    foreach (var msg in NameValidation.IsDns1123Label(ns))
                    {
                        errors.Add(FieldError.Invalid(path + ".namespace", ns, msg));
                    }
                }
                break;
            case "Cluster":
                if (ns is not null)
                {
                    errors.Add(FieldError.Forbidden(path + ".namespace", "`parameters.scope` is set to 'Cluster'"));
                }
                break;
            default:
                errors.Add(FieldError.NotSupported(path + ".scope", scope, ["Cluster", "Namespace"]));
                break;
        }
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        CommonValidation.ImmutableString(obj.Obj("spec"), old.Obj("spec"), "controller", "spec.controller", errors);
        return errors;
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Controller", "Controller that is responsible for handling this class", (o, _) => o.Obj("spec").StrOrEmpty("controller")),
        GroupColumns.Text("Parameters", "A reference to a resource with additional parameters", (o, _) => Parameters(o)),
        TableColumn.AgeColumn,
    ];

    private static string Parameters(JsonObject obj)
    {
        if (obj.Obj("spec").Obj("parameters") is not { } parameters)
        {
            return "<none>";
        }
        var text = parameters.StrOrEmpty("kind");
        if (parameters.Str("apiGroup") is { } group)
        {
            text += "." + group;
        }
        return text + "/" + parameters.StrOrEmpty("name");
    }
}

using System.Text.Json.Nodes;
using Dotkube.ApiServer.Registry;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.GroupCommon;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.FlowControl;

/// <summary>flowcontrol.apiserver.k8s.io/v1 flowschemas and prioritylevelconfigurations.</summary>
public static class FlowControlResources
{
    public const string Group = "flowcontrol.apiserver.k8s.io";

    public static ResourceDefinition FlowSchemas { get; } = new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = "FlowSchema",
        Plural = "flowschemas",
        Singular = "flowschema",
        Namespaced = false,
        Subresources = ["status"],
        StoragePrefix = "/registry/flowschemas",
        Strategy = new FlowSchemaStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1FlowSchema) },
    };

    public static ResourceDefinition PriorityLevelConfigurations { get; } = new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = "PriorityLevelConfiguration",
        Plural = "prioritylevelconfigurations",
        Singular = "prioritylevelconfiguration",
        Namespaced = false,
        Subresources = ["status"],
        StoragePrefix = "/registry/prioritylevelconfigurations",
        Strategy = new PriorityLevelConfigurationStrategy(),
        ModelTypes = new Dictionary<string, Type> { ["v1"] = typeof(k8s.Models.V1PriorityLevelConfiguration) },
    };
}

/// <summary>FlowSchema: matchingPrecedence defaults to 1000; rules, subjects and the priority level reference are checked.</summary>
public sealed class FlowSchemaStrategy : ResourceStrategy
{
    private const long MaxMatchingPrecedence = 10000;

    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if ((spec.Int("matchingPrecedence") ?? 0) == 0)
        {
            spec["matchingPrecedence"] = 1000;
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        var precedence = spec.Int("matchingPrecedence") ?? 0;
        if (precedence <= 0)
        {
            errors.Add(FieldError.Invalid("spec.matchingPrecedence", precedence, "must be a positive value"));
        }
        if (precedence > MaxMatchingPrecedence)
        {
            errors.Add(FieldError.Invalid("spec.matchingPrecedence", precedence, $"must not be greater than {MaxMatchingPrecedence}"));
        }
        if (spec.Obj("distinguisherMethod") is { } method && method.StrOrEmpty("type") is not ("ByUser" or "ByNamespace"))
        {
            errors.Add(FieldError.NotSupported("spec.distinguisherMethod.type", method.StrOrEmpty("type"), ["ByNamespace", "ByUser"]));
        }
        if (spec.Obj("priorityLevelConfiguration").StrOrEmpty("name").Length == 0)
        {
            errors.Add(FieldError.Required("spec.priorityLevelConfiguration.name", "must reference a priority level"));
        }
        var i = 0;
        foreach (var rule in spec.Arr("rules").Objects())
        {
            ValidateRule(rule, FieldPath.Index("spec.rules", i++), errors);
        }
        return errors;
    }

    private static void ValidateRule(JsonObject rule, string path, List<FieldError> errors)
    {
        var subjects = rule.Arr("subjects").Objects().ToList();
        if (subjects.Count == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Child(path, "subjects"), "subjects must contain at least one value"));
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            var subjectPath = FieldPath.Index(FieldPath.Child(path, "subjects"), i);
            var kind = subjects[i].StrOrEmpty("kind");
            var expected = kind switch
            {
                "ServiceAccount" => "serviceAccount",
                "User" => "user",
                "Group" => "group",
                _ => null,
            };
            if (expected is null)
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(subjectPath, "kind"), kind, ["Group", "ServiceAccount", "User"]));
            }
            else if (subjects[i].Obj(expected) is null)
            {
                errors.Add(FieldError.Required(FieldPath.Child(subjectPath, expected), $"{expected} is required when subject kind is '{kind}'"));
            }
        }
        var resourceRules = rule.Arr("resourceRules").Objects().ToList();
        var nonResourceRules = rule.Arr("nonResourceRules").Objects().ToList();
        if (resourceRules.Count == 0 && nonResourceRules.Count == 0)
        {
            errors.Add(FieldError.Required(path, "at least one of resourceRules and nonResourceRules has to be non-empty"));
        }
        foreach (var (rules, name) in new[] { (resourceRules, "resourceRules"), (nonResourceRules, "nonResourceRules") })
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if ((rules[i].Arr("verbs")?.Count ?? 0) == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Child(FieldPath.Index(FieldPath.Child(path, name), i), "verbs"), "verbs must contain at least one value"));
                }
            }
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("PriorityLevel", "`name` is the name of the priority level configuration being referenced Required.",
            (o, _) => o.Obj("spec").Obj("priorityLevelConfiguration").StrOrEmpty("name")),
        GroupColumns.Text("MatchingPrecedence", "`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.",
            (o, _) => o.Obj("spec").Int("matchingPrecedence") ?? 0),
        GroupColumns.Text("DistinguisherMethod", "`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.",
            (o, _) => o.Obj("spec").Obj("distinguisherMethod")?.Str("type") ?? "<none>"),
        TableColumn.AgeColumn,
        GroupColumns.Text("MissingPL", "references a broken or non-existent PriorityLevelConfiguration",
            (o, _) => o.Obj("status").Arr("conditions").Objects().FirstOrDefault(c => c.Str("type") == "Dangling")?.Str("status") ?? "?"),
    ];
}

/// <summary>PriorityLevelConfiguration: upstream v1 defaults (30 shares, 64 queues, hand 8, length 50) and checks.</summary>
public sealed class PriorityLevelConfigurationStrategy : ResourceStrategy
{
    public override bool HasStatus => true;

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObj("spec");
        if (spec.Obj("limited") is { } limited)
        {
            limited.Default("nominalConcurrencyShares", 30);
            limited.Default("lendablePercent", 0);
            if (limited.Obj("limitResponse").Obj("queuing") is { } queuing)
            {
                DefaultPositive(queuing, "handSize", 8);
                DefaultPositive(queuing, "queues", 64);
                DefaultPositive(queuing, "queueLengthLimit", 50);
            }
        }
        if (spec.Obj("exempt") is { } exempt)
        {
            exempt.Default("nominalConcurrencyShares", 0);
            exempt.Default("lendablePercent", 0);
        }
    }

    private static void DefaultPositive(JsonObject obj, string key, int value)
    {
        if ((obj.Int(key) ?? 0) == 0)
        {
            obj[key] = value;
        }
    }

    public override IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj.Obj("spec");
        switch (spec.StrOrEmpty("type"))
        {
            case "Exempt":
                if (spec.Obj("limited") is not null)
                {
                    errors.Add(FieldError.Forbidden("spec.limited", "must be nil if the type is not Limited"));
                }
                if (spec.Obj("exempt") is { } exempt)
                {
                    ValidateShares(exempt, "spec.exempt", errors);
                }
                break;
            case "Limited":
                if (spec.Obj("exempt") is not null)
                {
                    errors.Add(FieldError.Forbidden("spec.exempt", "must be nil if the type is Limited"));
                }
                if (spec.Obj("limited") is not { } limited)
                {
                    errors.Add(FieldError.Required("spec.limited", "must not be empty when type is Limited"));
                }
                else
                {
                    ValidateShares(limited, "spec.limited", errors);
                    ValidateLimitResponse(limited.Obj("limitResponse"), "spec.limited.limitResponse", errors);
                }
                break;
            default:
                errors.Add(FieldError.NotSupported("spec.type", spec.StrOrEmpty("type"), ["Exempt", "Limited"]));
                break;
        }
        return errors;
    }

    private static void ValidateShares(JsonObject config, string path, List<FieldError> errors)
    {
        if (config.Int("nominalConcurrencyShares") is < 0 and var shares)
        {
            errors.Add(FieldError.Invalid(path + ".nominalConcurrencyShares", shares, "must be a non-negative integer"));
        }
        if (config.Int("lendablePercent") is { } lendable and (< 0 or > 100))
        {
            errors.Add(FieldError.Invalid(path + ".lendablePercent", lendable, "must be between 0 and 100, inclusive"));
        }
    }

    private static void ValidateLimitResponse(JsonObject? response, string path, List<FieldError> errors)
    {
        switch (response.StrOrEmpty("type"))
        {
            case "Reject":
                if (response.Obj("queuing") is not null)
                {
                    errors.Add(FieldError.Forbidden(path + ".queuing", "must be nil if limited.limitResponse.type is not Limited"));
                }
                break;
            case "Queue":
                if (response.Obj("queuing") is not { } queuing)
                {
                    errors.Add(FieldError.Required(path + ".queuing", "must not be empty if limited.limitResponse.type is Limited"));
                    break;
                }
                var queues = queuing.Int("queues") ?? 0;
                var handSize = queuing.Int("handSize") ?? 0;
                foreach (var (key, value) in new[] { ("queueLengthLimit", queuing.Int("queueLengthLimit") ?? 0), ("queues", queues), ("handSize", handSize) })
                {
                    if (value <= 0)
                    {
                        errors.Add(FieldError.Invalid($"{path}.queuing.{key}", value, "must be positive"));
                    }
                }
                if (handSize > queues)
                {
                    errors.Add(FieldError.Invalid(path + ".queuing.handSize", handSize, $"should not be greater than queues ({queues})"));
                }
                break;
            default:
                errors.Add(FieldError.NotSupported(path + ".type", response.StrOrEmpty("type"), ["Queue", "Reject"]));
                break;
        }
    }

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        GroupColumns.Text("Type", "`type` indicates whether this priority level is subject to limitation on request execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server's limited capacity is made available exclusively to this priority level. Required.",
            (o, _) => o.Obj("spec").StrOrEmpty("type")),
        GroupColumns.Text("NominalConcurrencyShares", "`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level.",
            (o, _) => Limited(o, l => l.Int("nominalConcurrencyShares"))),
        GroupColumns.Text("Queues", "`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.",
            (o, _) => Queuing(o, "queues")),
        GroupColumns.Text("HandSize", "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.",
            (o, _) => Queuing(o, "handSize")),
        GroupColumns.Text("QueueLengthLimit", "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.",
            (o, _) => Queuing(o, "queueLengthLimit")),
        TableColumn.AgeColumn,
    ];

    private static JsonNode? Limited(JsonObject o, Func<JsonObject, long?> read) =>
        o.Obj("spec").Obj("limited") is { } limited ? read(limited) ?? 0 : "<none>";

    private static JsonNode? Queuing(JsonObject o, string key) =>
        o.Obj("spec").Obj("limited").Obj("limitResponse").Obj("queuing") is { } queuing ? queuing.Int(key) ?? 0 : "<none>";
}

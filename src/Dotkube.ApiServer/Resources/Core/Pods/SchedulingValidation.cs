using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.Machinery.Validation;

namespace Dotkube.ApiServer.Resources.Core;

/// <summary>Tolerations and taint effects.</summary>
public static class SchedulingValidation
{
    public static readonly IReadOnlyList<string> TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static void ValidateTolerations(JsonArray? tolerations, string path, List<FieldError> errors)
    {
        var list = tolerations.Objects().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var t = list[i];
            var at = FieldPath.Index(path, i);
            var key = t.StrOrEmpty("key");
            var op = t.StrOrEmpty("operator");
            var effect = t.StrOrEmpty("effect");
            var value = t.StrOrEmpty("value");
            if (key.Length > 0)
            {
                Validators.QualifiedName(key, FieldPath.Child(at, "key"), errors);
            }
            if (key.Length == 0 && op != "Exists")
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "operator"), op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.Has("tolerationSeconds") && effect != "NoExecute")
            {
                errors.Add(FieldError.Invalid(FieldPath.Child(at, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op)
            {
                case "Equal" or "":
                    var msgs = NameValidation.IsValidLabelValue(value);
                    if (msgs.Count > 0)
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(at, "operator"), value, string.Join(";", msgs)));
                    }
                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Child(at, "operator"), value, "value must be empty when `operator` is 'Exists'"));
                    }
                    break;
                default:
                    errors.Add(FieldError.NotSupported(FieldPath.Child(at, "operator"), op, ["Equal", "Exists"]));
                    break;
            }
            if (effect.Length > 0 && !TaintEffects.Contains(effect))
            {
                errors.Add(FieldError.NotSupported(FieldPath.Child(at, "effect"), effect, TaintEffects));
            }
        }
    }
}

namespace Dotkube.ApiServer.FieldValidation;

/// <summary>
/// What the server does with fields of a request body that the typed schema does not know, and
/// with duplicate keys: the <c>fieldValidation</c> query parameter of create, update and patch.
/// </summary>
public enum FieldValidationDirective
{
    /// <summary>Drop unknown fields silently; duplicate keys: the last one wins.</summary>
    Ignore,

    /// <summary>Drop them and say so in a <c>Warning</c> response header each (the default).</summary>
    Warn,

    /// <summary>Refuse the request (400 for create and update, 422 for patch).</summary>
    Strict,
}

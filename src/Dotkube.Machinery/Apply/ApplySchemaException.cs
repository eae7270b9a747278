namespace Dotkube.Machinery.Apply;

/// <summary>A value that does not fit its schema for server-side apply (e.g. a list item without its key), with the path where it happened.</summary>
public sealed class ApplySchemaException(string message) : Exception(message);

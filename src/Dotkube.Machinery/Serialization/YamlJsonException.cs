namespace Dotkube.Machinery.Serialization;

/// <summary>
/// YAML that cannot become JSON, worded as sigs.k8s.io/yaml words it:
/// <c>yaml: line 3: mapping values are not allowed in this context</c>. Callers add their own
/// prefix (the API server says <c>error decoding YAML: ...</c>, kubectl <c>error converting YAML to JSON: ...</c>).
/// </summary>
public sealed class YamlJsonException(string message, Exception? inner = null) : Exception(message, inner);

namespace Dotkube.Machinery.Patching;

/// <summary>
/// Why a JSON patch did not apply, in the words of the library kube-apiserver uses
/// (evanphx/json-patch v4), e.g. <c>testing value /spec/replicas failed: test failed</c>.
/// Upstream does not send this text to clients (they get a generic 422); it is kept as the
/// inner exception of the <see cref="Errors.StatusException"/> for logs and tests.
/// </summary>
public sealed class JsonPatchException(string message) : Exception(message);

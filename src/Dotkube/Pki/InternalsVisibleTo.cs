using System.Runtime.CompilerServices;

// The unit tests build edge-case certificates (no common name, no EKU) with the internal issuer.
[assembly: InternalsVisibleTo("Dotkube.Tests")]

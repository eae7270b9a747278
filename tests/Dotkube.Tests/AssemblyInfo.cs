using System.Runtime.Versioning;

// The tests use Unix file modes and /usr/bin/kubectl; dotkube runs on Linux.
[assembly: SupportedOSPlatform("linux")]

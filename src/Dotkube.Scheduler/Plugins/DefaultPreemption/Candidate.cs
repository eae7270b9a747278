using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Plugins.DefaultPreemption;

/// <summary>A node where evicting these victims (most important first) lets the pod fit.</summary>
public sealed record Candidate(string NodeName, IReadOnlyList<PodInfo> Victims, int PdbViolations);

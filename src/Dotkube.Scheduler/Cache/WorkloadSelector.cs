using Dotkube.Scheduler.Framework;

namespace Dotkube.Scheduler.Cache;

/// <summary>The selector of a Service, ReplicaSet, StatefulSet or ReplicationController in a namespace.</summary>
public sealed record WorkloadSelector(string Kind, string Namespace, LabelMatcher Selector);

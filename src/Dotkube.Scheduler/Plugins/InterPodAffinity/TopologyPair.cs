namespace Dotkube.Scheduler.Plugins.InterPodAffinity;

/// <summary>A topology domain: a node label key and one of its values.</summary>
public readonly record struct TopologyPair(string Key, string Value);

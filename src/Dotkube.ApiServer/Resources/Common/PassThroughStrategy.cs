namespace Dotkube.ApiServer.Resources.Common;

/// <summary>A strategy with every default and nothing resource-specific (views such as Scale).</summary>
public sealed class PassThroughStrategy : ResourceStrategy
{
}

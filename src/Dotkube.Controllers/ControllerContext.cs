using Dotkube.Client;
using Dotkube.Client.Informers;
using Microsoft.Extensions.Logging;

namespace Dotkube.Controllers;

/// <summary>What a controller gets to work with.</summary>
/// <param name="Client">its own client (its identity); writes go here.</param>
/// <param name="Informers">the manager's shared informers (one watch per resource for every controller).</param>
public sealed record ControllerContext(
    KubeApiClient Client,
    SharedInformerFactory Informers,
    ILoggerFactory LoggerFactory,
    TimeProvider Clock);

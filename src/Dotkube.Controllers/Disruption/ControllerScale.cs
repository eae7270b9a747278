namespace Dotkube.Controllers.Disruption;

/// <summary>The controller a pod counts towards (a Deployment for its ReplicaSets' pods) and its desired replicas.</summary>
public readonly record struct ControllerScale(string Uid, int Replicas);

namespace Dotkube.Scheduler.Framework;

public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";
    public const string Storage = "storage";
}

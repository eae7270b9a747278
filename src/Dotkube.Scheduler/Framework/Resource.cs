namespace Dotkube.Scheduler.Framework;

/// <summary>
/// Resources as plain integers (milli-CPU, bytes, counts), converted once from quantities so the hot
/// filtering and scoring paths never parse or allocate.
/// </summary>
public sealed class Resource
{
    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public long AllowedPodNumber { get; set; }

    /// <summary>Extended resources (nvidia.com/gpu, hugepages-2Mi, …) by name; null while there are none.</summary>
    public Dictionary<string, long>? Scalar { get; set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalar is null || Scalar.Values.All(v => v == 0));

    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPodNumber,
        _ => Scalar is not null && Scalar.TryGetValue(name, out var v) ? v : 0,
    };

    public void Set(string name, long value)
    {
        switch (name)
        {
            case ResourceNames.Cpu: MilliCpu = value; break;
            case ResourceNames.Memory: Memory = value; break;
            case ResourceNames.EphemeralStorage: EphemeralStorage = value; break;
            case ResourceNames.Pods: AllowedPodNumber = value; break;
            default:
                Scalar ??= new Dictionary<string, long>(StringComparer.Ordinal);
                Scalar[name] = value;
                break;
        }
    }

    public void Add(Resource other, long sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        if (other.Scalar is not null)
        {
            foreach (var (k, v) in other.Scalar)
            {
                Set(k, Get(k) + (sign * v));
            }
        }
    }

    /// <summary>Raises each resource to at least the other's value (how init containers combine).</summary>
    public void MaxWith(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        if (other.Scalar is not null)
        {
            foreach (var (k, v) in other.Scalar)
            {
                Set(k, Math.Max(Get(k), v));
            }
        }
    }

    public Resource Clone()
    {
        var r = new Resource { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPodNumber = AllowedPodNumber };
        if (Scalar is not null)
        {
            r.Scalar = new Dictionary<string, long>(Scalar, StringComparer.Ordinal);
        }

        return r;
    }
}

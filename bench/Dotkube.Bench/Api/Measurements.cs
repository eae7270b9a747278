namespace Dotkube.Bench.Api;

/// <summary>Everything one API benchmark run measured, gathered for the report.</summary>
internal sealed class Measurements
{
    public required StartTimes Start { get; init; }

    public required KestrelCeiling Kestrel { get; init; }

    public (double OpsPerSecond, double P50Ms, double P99Ms) RawBefore { get; set; }

    public (double OpsPerSecond, double P50Ms, double P99Ms) RawAfter { get; set; }

    public double RawOpsPerSecond => (RawBefore.OpsPerSecond + RawAfter.OpsPerSecond) / 2;

    public Phase Creates { get; set; } = null!;

    public Phase Gets { get; set; } = null!;

    public Phase Fill { get; set; } = null!;

    public string TableKind { get; set; } = "";

    public (double MedianMs, long Bytes) Json { get; set; }

    public CpuUse JsonCpu { get; set; } = null!;

    public (double MedianMs, long Bytes) Table { get; set; }

    public CpuUse TableCpu { get; set; } = null!;

    public double PagedMs { get; set; }

    public int PodBytes { get; set; }

    public double RawSelectMs { get; set; }

    public WatchResult Watch { get; set; } = null!;

    public CpuUse WatchCpu { get; set; } = null!;

    public double LoadedRssMb { get; set; }

    public double PeakRssMb { get; set; }

    public double ChainMicroseconds { get; set; }

    public bool StoppedCleanly { get; set; }

    public double StopMs { get; set; }

    public StartTimes Restart { get; set; } = null!;
}

/// <summary>A closed-loop phase and the CPU the server and the clients spent on it.</summary>
internal sealed record Phase(LoopResult Loop, CpuUse Cpu)
{
    public double ServerMicroseconds => Cpu.ServerMicrosecondsPer(Loop.Succeeded);
}

/// <summary>The bare Kestrel baseline: its start, and the GET and POST ceilings.</summary>
internal sealed record KestrelCeiling(StartTimes Start, Phase Get, Phase Post);

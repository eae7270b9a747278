namespace Dotkube.E2E.HighAvailability;

/// <summary>
/// A measurement too slow for CI (over 30 s): it runs only when DOTKUBE_SLOW_TESTS=1, e.g.
/// <c>DOTKUBE_SLOW_TESTS=1 dotnet test tests/Dotkube.E2E --filter FullyQualifiedName~LeaderFailoverMeasurement</c>.
/// </summary>
public sealed class SlowFactAttribute : FactAttribute
{
    public const string Variable = "DOTKUBE_SLOW_TESTS";

    public SlowFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"a slow measurement; set {Variable}=1 to run it";
        }
    }
}

namespace Dotkube.E2E.KubectlCli;

/// <summary>Polls for a state the server reaches asynchronously (a controller's work), with a deadline.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Evaluates <paramref name="probe"/> until it returns null (done) or <paramref name="timeout"/>
    /// passes; the probe returns what is still wrong, and the last such answer is the failure message.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<string?>> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var problem = await probe();
            if (problem is null)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"still not the case after {timeout.TotalSeconds:0.#} s: {problem}");
            }

            await Task.Delay(Interval);
        }
    }
}

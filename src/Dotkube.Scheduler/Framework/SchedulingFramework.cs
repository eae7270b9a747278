namespace Dotkube.Scheduler.Framework;

/// <summary>
/// Runs a profile's plugins at each extension point, in the profile's order, and turns their statuses
/// into what happens next: the first rejecting Filter decides for a node, a rejecting PreFilter for all.
/// </summary>
public sealed class SchedulingFramework
{
    private readonly IPreEnqueuePlugin[] _preEnqueue;
    private readonly IPreFilterPlugin[] _preFilter;
    private readonly IFilterPlugin[] _filter;
    private readonly IPostFilterPlugin[] _postFilter;
    private readonly IPreScorePlugin[] _preScore;
    private readonly (IScorePlugin Plugin, int Weight)[] _score;
    private readonly IReservePlugin[] _reserve;
    private readonly IPermitPlugin[] _permit;
    private readonly IPreBindPlugin[] _preBind;
    private readonly IBindPlugin[] _bind;

    public SchedulingFramework(string profileName, IReadOnlyList<(IPlugin Plugin, int Weight)> plugins)
    {
        ProfileName = profileName;
        Plugins = plugins.Select(p => p.Plugin).ToArray();
        _preEnqueue = Plugins.OfType<IPreEnqueuePlugin>().ToArray();
        _preFilter = Plugins.OfType<IPreFilterPlugin>().ToArray();
        _filter = Plugins.OfType<IFilterPlugin>().ToArray();
        _postFilter = Plugins.OfType<IPostFilterPlugin>().ToArray();
        _preScore = Plugins.OfType<IPreScorePlugin>().ToArray();
        _score = plugins.Where(p => p.Plugin is IScorePlugin && p.Weight > 0).Select(p => ((IScorePlugin)p.Plugin, p.Weight)).ToArray();
        _reserve = Plugins.OfType<IReservePlugin>().ToArray();
        _permit = Plugins.OfType<IPermitPlugin>().ToArray();
        _preBind = Plugins.OfType<IPreBindPlugin>().ToArray();
        _bind = Plugins.OfType<IBindPlugin>().ToArray();
    }

    /// <summary>The schedulerName this profile serves.</summary>
    public string ProfileName { get; }

    public IReadOnlyList<IPlugin> Plugins { get; }

    public bool HasScorePlugins => _score.Length > 0;

    public bool HasPostFilterPlugins => _postFilter.Length > 0;

    /// <summary>Each plugin's registered cluster events, for re-queueing the pods it rejected.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ClusterEvent>> EventRegistrations() =>
        Plugins.OfType<IEnqueueExtensions>().ToDictionary(p => ((IPlugin)p).Name, p => p.EventsToRegister(), StringComparer.Ordinal);

    public Status RunPreEnqueue(PodInfo pod)
    {
        foreach (var p in _preEnqueue)
        {
            var s = p.PreEnqueue(pod);
            if (!s.IsSuccess)
            {
                return s.WithPlugin(p.Name);
            }
        }

        return Status.Success;
    }

    public Status RunPreFilter(CycleState state, PodInfo pod)
    {
        foreach (var p in _preFilter)
        {
            var s = p.PreFilter(state, pod);
            if (s.IsSkip)
            {
                state.SkipFilterPlugins.Add(p.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                return s.WithPlugin(p.Name);
            }
        }

        return Status.Success;
    }

    public void RunPreFilterAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node)
    {
        foreach (var p in _preFilter)
        {
            if (p is IPreFilterExtensions e && !state.SkipFilterPlugins.Contains(p.Name))
            {
                e.AddPod(state, pod, added, node);
            }
        }
    }

    public void RunPreFilterRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node)
    {
        foreach (var p in _preFilter)
        {
            if (p is IPreFilterExtensions e && !state.SkipFilterPlugins.Contains(p.Name))
            {
                e.RemovePod(state, pod, removed, node);
            }
        }
    }

    public Status RunFilter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var p in _filter)
        {
            if (state.SkipFilterPlugins.Contains(p.Name))
            {
                continue;
            }

            var s = p.Filter(state, pod, node);
            if (!s.IsSuccess)
            {
                return s.IsRejected ? s.WithPlugin(p.Name) : Status.Error(s.Message).WithPlugin(p.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>The first PostFilter that succeeds wins; otherwise all their reasons together.</summary>
    public PostFilterResult RunPostFilter(CycleState state, PodInfo pod, IReadOnlyDictionary<string, Status> nodeStatuses)
    {
        var reasons = new List<string>();
        string? rejector = null;
        foreach (var p in _postFilter)
        {
            var r = p.PostFilter(state, pod, nodeStatuses);
            if (r.Status.IsSuccess)
            {
                return r;
            }

            if (r.Status.Code is StatusCode.UnschedulableAndUnresolvable or StatusCode.Error)
            {
                return r with { Status = r.Status.WithPlugin(p.Name) };
            }

            reasons.AddRange(r.Status.Reasons);
            rejector ??= p.Name;
        }

        return new PostFilterResult(new Status(StatusCode.Unschedulable, reasons, rejector));
    }

    public Status RunPreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var p in _preScore)
        {
            var s = p.PreScore(state, pod, nodes);
            if (s.IsSkip)
            {
                state.SkipScorePlugins.Add(p.Name);
                continue;
            }

            if (!s.IsSuccess)
            {
                return s.WithPlugin(p.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Weighted sum of every score plugin's normalized score per node.</summary>
    public long[] RunScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, int parallelism)
    {
        var totals = new long[nodes.Count];
        foreach (var (plugin, weight) in _score)
        {
            if (state.SkipScorePlugins.Contains(plugin.Name))
            {
                continue;
            }

            var scores = new long[nodes.Count];
            Parallelism.For(nodes.Count, parallelism, i => scores[i] = plugin.Score(state, pod, nodes[i]));
            plugin.NormalizeScore(state, pod, nodes, scores);
            for (var i = 0; i < scores.Length; i++)
            {
                totals[i] += scores[i] * weight;
            }
        }

        return totals;
    }

    public Status RunReserve(CycleState state, PodInfo pod, string nodeName)
    {
        foreach (var p in _reserve)
        {
            var s = p.Reserve(state, pod, nodeName);
            if (!s.IsSuccess)
            {
                return s.WithPlugin(p.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Every Reserve plugin's Unreserve, in reverse order; each must tolerate a Reserve that never ran.</summary>
    public void RunUnreserve(CycleState state, PodInfo pod, string nodeName)
    {
        for (var i = _reserve.Length - 1; i >= 0; i--)
        {
            _reserve[i].Unreserve(state, pod, nodeName);
        }
    }

    public (Status Status, TimeSpan Timeout) RunPermit(CycleState state, PodInfo pod, string nodeName)
    {
        var wait = TimeSpan.Zero;
        var waiting = false;
        foreach (var p in _permit)
        {
            var (s, timeout) = p.Permit(state, pod, nodeName);
            if (s.Code == StatusCode.Wait)
            {
                waiting = true;
                wait = timeout > wait ? timeout : wait;
            }
            else if (!s.IsSuccess)
            {
                return (s.WithPlugin(p.Name), TimeSpan.Zero);
            }
        }

        return waiting ? (Status.Wait(), wait) : (Status.Success, TimeSpan.Zero);
    }

    public async Task<Status> RunPreBindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var p in _preBind)
        {
            Status s;
            try
            {
                s = await p.PreBindAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                s = Status.Error(e.Message);
            }

            if (!s.IsSuccess && !s.IsSkip)
            {
                return new Status(s.Code, [$"running PreBind plugin \"{p.Name}\": {s.Message}"], p.Name);
            }
        }

        return Status.Success;
    }

    public async Task<Status> RunBindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var p in _bind)
        {
            Status s;
            try
            {
                s = await p.BindAsync(state, pod, nodeName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                s = Status.Error(e.Message);
            }

            if (!s.IsSkip)
            {
                return s.IsSuccess ? s : new Status(s.Code, [$"running Bind plugin \"{p.Name}\": {s.Message}"], p.Name);
            }
        }

        return Status.Error("no bind plugin bound the pod");
    }
}

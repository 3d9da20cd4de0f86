using EdgeAgent.Core.Planning;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>Observing the managed containers, networks and images: fresh where it must be, remembered where the event stream allows.</summary>
internal sealed partial class DockerContainerRuntime
{
    public async Task<ObservedState> ObserveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var containersTask = docker.ListContainersAsync(DockerLabels.ManagedFilter, cancellationToken);
            var calls = 1L;
            var networksTask = ListAsync(Caches.Networks, () => docker.ListNetworksAsync(cancellationToken), ref calls);
            var imagesTask = ListAsync(Caches.Images, () => docker.ListImagesAsync(cancellationToken), ref calls);
            if (capabilities.Known is null)
            {
                calls++;
                await capabilities.ReadAsync(docker, cancellationToken).ConfigureAwait(false);
            }

            var listed = await containersTask.ConfigureAwait(false);
            Inspections.Retain(listed.Select(c => c.Id));
            var inspectedAt = Inspections.Generation;
            var managed = listed
                .Select(item => (Item: item, App: DockerContainerMapping.Label(item.Labels, DockerLabels.App)))
                .Where(c => c.App is not null)
                .Select(c => (c.Item, App: c.App!, Remembered: Inspections.TryGet(c.Item.Id, c.Item.State)))
                .ToList();
            calls += managed.Count(c => c.Remembered is null);

            // The list call is always fresh for state; limits, restarts and health need an inspect. A cold
            // pass inspects a few at once (the engine and a small device share the CPU); a steady one
            // remembers them all and waits for nothing.
            var details = managed.All(c => c.Remembered is not null)
                ? [.. managed.Select(c => c.Remembered!)]
                : await InspectMissingAsync(managed, inspectedAt, cancellationToken).ConfigureAwait(false);
            var containers = managed
                .Select((c, i) => details[i] with { Running = c.Item.State == "running", Restarting = c.Item.State == "restarting", Status = c.Item.Status ?? c.Item.State ?? "" })
                .ToList();

            var networks = (await networksTask.ConfigureAwait(false)).Select(DockerContainerMapping.ToObserved).ToList();

            var images = ImageIndex.Build(await imagesTask.ConfigureAwait(false));
            LogObserved(containers.Count, networks.Count, calls);
            return new ObservedState { Containers = containers, Networks = networks, Images = images, Capabilities = capabilities.Known ?? RuntimeCapabilities.All };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.Classify(ex, "observe");
        }
    }

    private const int ConcurrentInspections = 4;

    private async Task<ObservedContainer[]> InspectMissingAsync(List<(ContainerSummary Item, string App, ObservedContainer? Remembered)> managed, long inspectedAt, CancellationToken cancellationToken)
    {
        using var inspecting = new SemaphoreSlim(ConcurrentInspections);
        return await Task.WhenAll(managed.Select(c => c.Remembered is { } remembered
            ? Task.FromResult(remembered)
            : InspectAsync(c.Item, c.App, inspectedAt, inspecting, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Inspects a managed container and remembers the answer (unless invalidated since <paramref name="inspectedAt"/>).</summary>
    private async Task<ObservedContainer> InspectAsync(ContainerSummary item, string app, long inspectedAt, SemaphoreSlim inspecting, CancellationToken cancellationToken)
    {
        await inspecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var inspected = await docker.InspectContainerAsync(item.Id, cancellationToken).ConfigureAwait(false);
            var details = DockerContainerMapping.ToObserved(inspected, app);
            Inspections.Store(item.Id, item.State, details, inspectedAt);
            return details;
        }
        finally
        {
            inspecting.Release();
        }
    }

    /// <summary>The remembered list, or a request for it (counted) that is remembered once answered.</summary>
    private static Task<IReadOnlyList<T>> ListAsync<T>(ListCache<IReadOnlyList<T>> cache, Func<Task<IReadOnlyList<T>>> fetch, ref long calls)
    {
        var (remembered, generation) = cache.TryGet();
        if (remembered is not null)
        {
            return Task.FromResult(remembered);
        }

        calls++;
        return FetchAsync();

        async Task<IReadOnlyList<T>> FetchAsync()
        {
            var fetched = await fetch().ConfigureAwait(false);
            cache.Store(fetched, generation);
            return fetched;
        }
    }
}

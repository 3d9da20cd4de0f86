using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>
/// What the agent remembers of Docker between passes while the event stream keeps it current:
/// container inspections, the network list and the image list. With all three current a no-op
/// pass costs one request, the container list (README "How it reconciles").
/// </summary>
internal sealed class DockerCaches
{
    public InspectionCache Inspections { get; } = new();

    public ListCache<IReadOnlyList<NetworkSummary>> Networks { get; } = new();

    public ListCache<IReadOnlyList<ImageSummary>> Images { get; } = new();

    /// <summary>On while the event stream is connected; switching either way forgets everything.</summary>
    public bool Enabled
    {
        set
        {
            Inspections.Clear();
            Inspections.Enabled = value;
            Networks.Enabled = value;
            Images.Enabled = value;
        }
    }
}

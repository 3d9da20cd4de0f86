namespace EdgeAgent.Docker;

/// <summary>
/// Reads which IO weighting the host kernel offers, the way dockerd itself decides: on cgroup v1
/// a weight file in the blkio hierarchy, on cgroup v2 the "io" controller. The agent runs on the
/// Docker host, so it sees the same /sys/fs/cgroup.
/// </summary>
internal static class CgroupProbe
{
    /// <summary>False only when the kernel certainly cannot weight block IO; null when unknown.</summary>
    public static bool? BlkioWeightSupported(string root = "/sys/fs/cgroup")
    {
        var v2Controllers = Path.Combine(root, "cgroup.controllers");
        if (File.Exists(v2Controllers))
        {
            return File.ReadAllText(v2Controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains("io");
        }

        var blkio = Path.Combine(root, "blkio");
        if (Directory.Exists(blkio))
        {
            return File.Exists(Path.Combine(blkio, "blkio.weight")) || File.Exists(Path.Combine(blkio, "blkio.bfq.weight"));
        }

        return null;
    }
}

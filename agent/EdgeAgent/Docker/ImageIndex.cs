using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>
/// Every spelling under which a manifest may name a locally present image: "name:tag", "name"
/// for ":latest", "name@digest", "name:tag@digest" and the image id.
/// </summary>
internal static class ImageIndex
{
    private const string DefaultPrefix = "docker.io/library/";

    public static HashSet<string> Build(IEnumerable<ImageSummary> images)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            present.Add(image.Id);
            var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
            foreach (var tag in tags)
            {
                AddWithAliases(present, tag);
                var parts = ImageReferenceParts.Parse(tag);
                if (parts.Tag == "latest")
                {
                    AddWithAliases(present, parts.Repository);
                }
            }

            foreach (var repoDigest in image.RepoDigests ?? [])
            {
                if (repoDigest == "<none>@<none>")
                {
                    continue;
                }

                AddWithAliases(present, repoDigest);
                var digestParts = ImageReferenceParts.Parse(repoDigest);
                foreach (var tag in tags.Select(ImageReferenceParts.Parse).Where(t => t.Repository == digestParts.Repository))
                {
                    AddWithAliases(present, $"{tag.Repository}:{tag.Tag}@{digestParts.Digest}");
                }
            }
        }

        return present;
    }

    private static void AddWithAliases(HashSet<string> present, string reference)
    {
        present.Add(reference);
        if (reference.StartsWith(DefaultPrefix, StringComparison.Ordinal))
        {
            present.Add(reference[DefaultPrefix.Length..]);
        }
        else if (!reference.Split('/')[0].Contains('.', StringComparison.Ordinal) && !reference.Contains('/', StringComparison.Ordinal))
        {
            present.Add(DefaultPrefix + reference);
        }
    }
}

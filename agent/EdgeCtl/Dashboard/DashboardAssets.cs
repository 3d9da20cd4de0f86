using Microsoft.AspNetCore.Http;

namespace EdgeCtl.Dashboard;

/// <summary>The page, its script and style sheet, embedded in the binary (dashboard/NAME resources).</summary>
internal static class DashboardAssets
{
    public static async Task WriteAsync(HttpResponse response, string name, string contentType)
    {
        using var asset = typeof(DashboardAssets).Assembly.GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded");
        response.ContentType = contentType;
        response.ContentLength = asset.Length;
        await asset.CopyToAsync(response.Body).ConfigureAwait(false);
    }
}

using System.Text;
using FluxOps.Core.Manifests;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Manifests;

internal static class ScanHelper
{
    public static ManifestScanResult Scan(string path, string yaml) => ManifestScanner.Scan(path, Encoding.UTF8.GetBytes(yaml));

    public static List<ImageReference> Images(string path, string yaml) =>
        Scan(path, yaml).Images.Select(f => f.Reference).OrderBy(r => r.Line).ThenBy(r => r.Column).ToList();

    public static string Skips(ManifestScanResult result) =>
        string.Join("\n", result.Notices.Where(n => n.Level == ScanNoticeLevel.Skip).Select(n => n.ToString()));
}

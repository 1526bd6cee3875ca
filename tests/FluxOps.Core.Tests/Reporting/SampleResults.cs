using FluxOps.Models;

namespace FluxOps.Core.Tests.Reporting;

internal static class SampleResults
{
    public static IReadOnlyList<ImageCheckResult> Mixed() =>
    [
        new() { Image = "ghcr.io/acme/web:1.4.0", Status = ImageCheckStatus.Exists, Digest = "sha256:" + new string('a', 64), File = "apps/web/deploy.yaml", Line = 21, ElapsedMs = 12 },
        new() { Image = "ghcr.io/acme/web:1.4.1-typo", Status = ImageCheckStatus.NotFound, File = "apps/web/kustomization.yaml", Line = 9, ElapsedMs = 8 },
        new() { Image = "registry.example/private/api:2", Status = ImageCheckStatus.Unauthorized, Error = "401 from registry.example", File = "apps/api/release.yaml", Line = 33 },
        new() { Image = "quay.example/x/y:3", Status = ImageCheckStatus.Unknown, Error = "503 Service Unavailable after 3 attempts" },
    ];
}

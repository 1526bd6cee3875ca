namespace FluxOps.Core.Registry;

internal static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>All four in one Accept header: distribution 2.8.2 answers 404 for OCI content otherwise.</summary>
    public static readonly string[] All = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static readonly string AcceptHeader = string.Join(", ", All);

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}

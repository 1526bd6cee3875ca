using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace FluxOps.Testing;

/// <summary>
/// Pushes small, real images to a registry over the distribution API: a one-layer OCI manifest,
/// extra tags for it, and multi-platform indexes.
/// </summary>
public sealed class ImagePusher : IDisposable
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private readonly HttpClient _client;

    public ImagePusher(RegistryServer registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _client = registry.CreateClient();
    }

    /// <summary>A pusher for a token-auth registry, with a token that allows push to the repositories it names.</summary>
    public ImagePusher(RegistryServer registry, string bearerToken)
        : this(registry)
    {
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    /// <summary>Pushes a fresh one-layer image as repository:tag and returns its manifest digest.</summary>
    public async Task<string> PushImageAsync(string repository, string tag, string architecture = "amd64", string os = "linux")
    {
        var (manifest, digest) = await UploadImageAsync(repository, architecture, os).ConfigureAwait(false);
        await PutManifestAsync(repository, tag, manifest, OciManifest).ConfigureAwait(false);
        return digest;
    }

    /// <summary>Pushes an image for each platform ("linux/amd64") and an index over them as repository:tag; returns the index digest.</summary>
    public async Task<string> PushIndexAsync(string repository, string tag, params string[] platforms)
    {
        var entries = new List<string>();
        foreach (var platform in platforms)
        {
            var parts = platform.Split('/');
            var (manifest, digest) = await UploadImageAsync(repository, parts[1], parts[0]).ConfigureAwait(false);
            await PutManifestAsync(repository, digest, manifest, OciManifest).ConfigureAwait(false);
            entries.Add($"{{\"mediaType\":\"{OciManifest}\",\"digest\":\"{digest}\",\"size\":{manifest.Length},\"platform\":{{\"architecture\":\"{parts[1]}\",\"os\":\"{parts[0]}\"}}}}");
        }

        var index = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"{OciIndex}\",\"manifests\":[{string.Join(',', entries)}]}}");
        await PutManifestAsync(repository, tag, index, OciIndex).ConfigureAwait(false);
        return Digest(index);
    }

    /// <summary>Points more tags at the manifest of an existing tag (cheap benchmark data).</summary>
    public async Task TagAsync(string repository, string existingTag, IEnumerable<string> newTags, int parallelism = 8)
    {
        ArgumentNullException.ThrowIfNull(newTags);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{existingTag}");
        request.Headers.Accept.ParseAdd(OciManifest);
        request.Headers.Accept.ParseAdd(OciIndex);
        using var response = await _client.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var manifest = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? OciManifest;
        await Parallel.ForEachAsync(newTags, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (tag, _) => await PutManifestAsync(repository, tag, manifest, mediaType).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    private async Task<(byte[] Manifest, string Digest)> UploadImageAsync(string repository, string architecture, string os)
    {
        var layer = CreateLayer($"{repository} {Guid.NewGuid()}");
        var diffId = "sha256:" + Convert.ToHexString(SHA256.HashData(Decompress(layer))).ToLowerInvariant();
        var config = Encoding.UTF8.GetBytes(
            $"{{\"architecture\":\"{architecture}\",\"os\":\"{os}\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diffId}\"]}},\"config\":{{}}}}");
        await UploadBlobAsync(repository, layer).ConfigureAwait(false);
        await UploadBlobAsync(repository, config).ConfigureAwait(false);
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{OciManifest}\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{Digest(config)}\",\"size\":{config.Length}}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"{Digest(layer)}\",\"size\":{layer.Length}}}]}}");
        return (manifest, Digest(manifest));
    }

    private async Task UploadBlobAsync(string repository, byte[] blob)
    {
        using var start = await _client.PostAsync($"v2/{repository}/blobs/uploads/", null).ConfigureAwait(false);
        if (start.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"Starting a blob upload answered {(int)start.StatusCode}.");
        }

        var location = start.Headers.Location ?? throw new HttpRequestException("Blob upload has no Location.");
        var target = location.IsAbsoluteUri ? location : new Uri(_client.BaseAddress!, location);
        var separator = target.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _client.PutAsync(new Uri(target + separator + "digest=" + Uri.EscapeDataString(Digest(blob))), content).ConfigureAwait(false);
        put.EnsureSuccessStatusCode();
    }

    private async Task PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _client.PutAsync($"v2/{repository}/manifests/{reference}", content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new HttpRequestException($"PUT manifest {repository}:{reference} answered {(int)response.StatusCode}: {body}");
        }
    }

    private static byte[] CreateLayer(string text)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
            };
            writer.WriteEntry(entry);
        }

        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return gz.ToArray();
    }

    private static byte[] Decompress(byte[] gzipped)
    {
        using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

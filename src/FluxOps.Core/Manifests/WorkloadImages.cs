namespace FluxOps.Core.Manifests;

/// <summary>
/// Images in Kubernetes objects: any <c>containers</c>/<c>initContainers</c>/<c>ephemeralContainers</c> list
/// anywhere (the rule Kustomize's own images transformer uses, so every workload kind and pod-template CRD
/// is covered: Argo Rollout, Knative Service, KEDA ScaledJob, CronJob, PodTemplate...), image volumes,
/// Tekton <c>steps</c>/<c>sidecars</c>, Argo Workflows <c>container</c>/<c>script</c>, and prometheus-operator <c>spec.image</c>.
/// </summary>
internal static class WorkloadImages
{
    public static void Extract(YamlMappingNode root, string apiVersion, ImageSink sink)
    {
        if (apiVersion.StartsWith("monitoring.coreos.com/", StringComparison.Ordinal)
            && root["spec"] is YamlMappingNode spec && spec.Scalar("image") is { } operatorImage && !YamlMappingNode.IsNull(operatorImage))
        {
            sink.AddString(operatorImage, "OperatorImage", "spec.image");
        }

        foreach (var (mapping, path) in YamlWalk.Mappings(root))
        {
            foreach (var (keyNode, value) in mapping.Entries)
            {
                if (keyNode is not YamlScalarNode { Value: var key })
                {
                    continue;
                }

                switch (key)
                {
                    case "containers" or "initContainers" or "ephemeralContainers" or "steps" or "sidecars":
                        if (value is YamlSequenceNode list)
                        {
                            var source = key switch
                            {
                                "initContainers" => "InitContainer",
                                "ephemeralContainers" => "EphemeralContainer",
                                "steps" => "Step",
                                _ => "Container",
                            };
                            AddItems(list, source, path + "." + key, sink);
                        }

                        break;
                    case "container" or "script":
                        if (value is YamlMappingNode single && single.Scalar("image") is { } image && !YamlMappingNode.IsNull(image))
                        {
                            sink.AddString(image, "Container", path + "." + key + ".image");
                        }

                        break;
                    case "volumes":
                        if (value is YamlSequenceNode volumes)
                        {
                            foreach (var (volume, index) in volumes.Items.Select((v, i) => (v, i)))
                            {
                                if (volume is YamlMappingNode v && v["image"] is YamlMappingNode imageVolume
                                    && imageVolume.Scalar("reference") is { } reference && !YamlMappingNode.IsNull(reference))
                                {
                                    sink.AddString(reference, "ImageVolume", $"{path}.volumes[{YamlWalk.ItemKey(v, index)}].image.reference");
                                }
                            }
                        }

                        break;
                    default:
                        break;
                }
            }
        }
    }

    private static void AddItems(YamlSequenceNode list, string source, string path, ImageSink sink)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is YamlMappingNode container && container.Scalar("image") is { } image && !YamlMappingNode.IsNull(image))
            {
                sink.AddString(image, source, $"{path}[{YamlWalk.ItemKey(container, i)}].image");
            }
        }
    }
}

using System.Text.RegularExpressions;
using FluxOps.Core.History;
using LibGit2Sharp;
using YamlDotNet.RepresentationModel;

namespace FluxOps.Core.Flux;

/// <summary>
/// How to recognise commits made by Flux's image-update-automation controller. The controller has no default author
/// (fluxcdbot is only a docs example), so commits are matched by the default message, by authors the user names, and
/// by the author and message template of every ImageUpdateAutomation manifest found in the repository.
/// </summary>
internal sealed partial class ImageAutomationSignature
{
    public const string DefaultMessage = "Update from image update automation";

    private readonly List<string> _authors = new();
    private readonly List<string> _messagePrefixes = new() { DefaultMessage };

    public IReadOnlyList<string> Authors => _authors;

    public IReadOnlyList<string> MessagePrefixes => _messagePrefixes;

    /// <summary>Reads ImageUpdateAutomation manifests from a tree (YAML files that mention the kind).</summary>
    public static ImageAutomationSignature FromTree(Tree? tree, IEnumerable<string> extraAuthors)
    {
        var signature = new ImageAutomationSignature();
        signature._authors.AddRange(extraAuthors.Where(a => !string.IsNullOrWhiteSpace(a)));
        if (tree is not null)
        {
            signature.Scan(tree, depth: 0);
        }

        return signature;
    }

    /// <summary>Explains why a commit looks like an image automation commit, or null when it does not.</summary>
    public string? Match(Commit commit)
    {
        var subject = commit.MessageShort;
        foreach (var prefix in _messagePrefixes)
        {
            if (subject.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix == DefaultMessage ? "image automation (default message)" : "image automation (messageTemplate)";
            }
        }

        foreach (var author in _authors)
        {
            if (AuthorMatcher.Matches(author, commit.Author))
            {
                return $"image automation (author {author})";
            }
        }

        return null;
    }

    private void Scan(Tree tree, int depth)
    {
        if (depth > 12)
        {
            return;
        }

        foreach (var entry in tree)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                Scan((Tree)entry.Target, depth + 1);
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob
                && (entry.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            {
                var blob = (Blob)entry.Target;
                if (blob.Size > 1_000_000 || blob.IsBinary)
                {
                    continue;
                }

                var text = blob.GetContentText();
                if (text.Contains("ImageUpdateAutomation", StringComparison.Ordinal))
                {
                    ReadManifests(text);
                }
            }
        }
    }

    private void ReadManifests(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return; // Not our file to validate: a broken YAML file simply contributes no signature.
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "ImageUpdateAutomation")
            {
                continue;
            }

            var commit = Child(Child(Child(root, "spec"), "git"), "commit");
            var author = Child(commit, "author");
            if (Scalar(author, "email") is { Length: > 0 } email)
            {
                _authors.Add(email);
            }

            if (Scalar(commit, "messageTemplate") is { Length: > 0 } template)
            {
                // The static text before the first template action is what every commit subject starts with.
                var prefix = TemplateAction().Split(template)[0].Split('\n')[0].Trim();
                if (prefix.Length >= 6 && !_messagePrefixes.Contains(prefix))
                {
                    _messagePrefixes.Add(prefix);
                }
            }
        }
    }

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    [GeneratedRegex(@"\{\{")]
    private static partial Regex TemplateAction();
}

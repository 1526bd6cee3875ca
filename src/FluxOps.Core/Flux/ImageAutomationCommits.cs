using System.Text.RegularExpressions;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>
/// How to recognise commits made by Flux's image-update-automation controller. The controller has no default author
/// (fluxcdbot is only a docs example), so commits are matched by the default message, by authors the user names, and
/// by the author and message template of every ImageUpdateAutomation manifest found in the repository.
/// </summary>
internal sealed partial class ImageAutomationCommits
{
    public const string DefaultMessage = "Update from image update automation";

    private readonly List<string> _authors = new();
    private readonly List<string> _messagePrefixes = new() { DefaultMessage };

    public IReadOnlyList<string> Authors => _authors;

    public IReadOnlyList<string> MessagePrefixes => _messagePrefixes;

    /// <summary>Reads ImageUpdateAutomation manifests from a tree (YAML files that mention the kind).</summary>
    public static ImageAutomationCommits FromTree(Tree? tree, IEnumerable<string> extraAuthors)
    {
        var signature = new ImageAutomationCommits();
        signature._authors.AddRange(extraAuthors.Where(a => !string.IsNullOrWhiteSpace(a)));
        if (tree is not null)
        {
            signature.ReadManifests(tree);
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

    private void ReadManifests(Tree tree)
    {
        // Through the YAML gateway: a hostile file elsewhere in the repository is skipped, never fatal.
        foreach (var (_, root) in FluxManifestIndex.Documents(tree, "ImageUpdateAutomation"))
        {
            if (root.Text("kind") != "ImageUpdateAutomation")
            {
                continue;
            }

            var commit = Child(Child(Child(root, "spec"), "git"), "commit");
            var author = Child(commit, "author");
            if (author?.Text("email") is { } email)
            {
                _authors.Add(email);
            }

            if (commit?.Text("messageTemplate") is { } template)
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

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) => node?[key] as YamlMappingNode;

    [GeneratedRegex(@"\{\{")]
    private static partial Regex TemplateAction();
}

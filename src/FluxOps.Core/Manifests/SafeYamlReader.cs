using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FluxOps.Core.Manifests;

/// <summary>Why a file could not be read as YAML; the message names the hazard and, where known, the line.</summary>
internal sealed class ManifestReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads YAML into <see cref="YamlTreeNode"/>s without the hazards of YamlDotNet's representation model:
/// strict UTF-8, depth counted from parser events (no recursion, so 100k '[' cannot overflow the stack and
/// kill the user's pwsh), aliases shared and their expansion counted (alias bombs stop early), merge keys applied.
/// </summary>
internal static class SafeYamlReader
{
    /// <summary>go-yaml's limit; deeper documents are refused.</summary>
    public const int MaxDepth = 10_000;

    /// <summary>Expanded nodes per document; real manifests are far below, billion-laughs far above.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ManifestReadException($"not valid UTF-8 (invalid byte at offset {ex.Index})", ex);
        }
    }

    public static List<YamlDocumentTree> Read(string text)
    {
        var documents = new List<YamlDocumentTree>();
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var anchors = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        var open = new Stack<YamlTreeNode>();
        var pendingKeys = new Stack<YamlTreeNode?>();
        // Anchors of open containers are registered only when they close, so "&a [*a]" cannot build a cycle.
        var openAnchors = new Stack<string?>();
        YamlTreeNode? root = null;
        var documentLine = 1;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart start:
                        anchors.Clear();
                        root = null;
                        documentLine = (int)start.Start.Line;
                        break;
                    case DocumentEnd:
                        documents.Add(new YamlDocumentTree(root, documents.Count, root?.Line ?? documentLine));
                        break;
                    case Scalar scalar:
                        Attach(new YamlScalarNode(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)scalar.Start.Line, (int)scalar.Start.Column,
                            scalar.Style == ScalarStyle.Literal), scalar);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new ManifestReadException($"line {alias.Start.Line}: alias *{alias.Value.Value} has no anchor");
                        }

                        Attach(target, null);
                        break;
                    case SequenceStart sequence:
                        Open(new YamlSequenceNode((int)sequence.Start.Line, (int)sequence.Start.Column), sequence);
                        break;
                    case MappingStart mapping:
                        Open(new YamlMappingNode((int)mapping.Start.Line, (int)mapping.Start.Column), mapping);
                        break;
                    case SequenceEnd or MappingEnd:
                        var done = open.Pop();
                        pendingKeys.Pop();
                        var anchor = openAnchors.Pop();
                        if (done is YamlSequenceNode s)
                        {
                            s.Complete();
                        }
                        else
                        {
                            ((YamlMappingNode)done).Complete();
                        }

                        CheckBudget(done);
                        if (anchor is not null)
                        {
                            anchors[anchor] = done;
                        }

                        Attach(done, null);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new ManifestReadException($"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on some malformed input (found by the property test): still just a bad file.
            // Their text is .NET's ("Operation is not valid due to the current state of the object"), which tells a reader
            // nothing, so the message is FluxOps' own; the exception stays attached for -Debug and bug reports.
            throw new ManifestReadException(
                $"not readable as YAML near line {parser.Current?.Start.Line ?? 1}: the YAML parser gave up on a construct it cannot follow there " +
                "(check indentation, unclosed brackets or quotes, and block scalars such as '>-' that start in the wrong place)", ex);
        }

        return documents;

        void Open(YamlTreeNode node, NodeEvent evt)
        {
            if (open.Count >= MaxDepth)
            {
                throw new ManifestReadException($"line {evt.Start.Line}: nesting deeper than {MaxDepth} levels");
            }

            open.Push(node);
            pendingKeys.Push(null);
            openAnchors.Push(evt.Anchor.IsEmpty ? null : evt.Anchor.Value);
        }

        // Adds a finished node to its parent (or makes it the document root).
        void Attach(YamlTreeNode node, NodeEvent? evt)
        {
            if (evt is not null && !evt.Anchor.IsEmpty)
            {
                anchors[evt.Anchor.Value] = node;
            }

            if (open.Count == 0)
            {
                root = node;
                return;
            }

            switch (open.Peek())
            {
                case YamlSequenceNode parentSequence:
                    parentSequence.Items.Add(node);
                    break;
                case YamlMappingNode parentMapping:
                    var key = pendingKeys.Pop();
                    if (key is null)
                    {
                        pendingKeys.Push(node);
                    }
                    else
                    {
                        parentMapping.Entries.Add(new KeyValuePair<YamlTreeNode, YamlTreeNode>(key, node));
                        pendingKeys.Push(null);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private static void CheckBudget(YamlTreeNode node)
    {
        if (node.ExpandedSize > MaxExpandedNodes)
        {
            throw new ManifestReadException(
                $"line {node.Line}: aliases expand to more than {MaxExpandedNodes:N0} nodes (alias bomb?)");
        }

        if (node.Height > MaxDepth)
        {
            throw new ManifestReadException($"line {node.Line}: nesting (aliases followed) deeper than {MaxDepth} levels");
        }
    }
}

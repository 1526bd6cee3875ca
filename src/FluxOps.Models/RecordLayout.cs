namespace FluxOps.Models;

/// <summary>
/// Lays out one object of a default view (module/FluxOps.format.ps1xml) as a record: a label column, the fact that
/// matters on the first line and whole, then indented detail lines wrapped between words. PowerShell hard-wraps a view's
/// text at the screen width, splitting an image or a path mid-token, so the record is laid out for the width first:
/// nothing needs cutting at 80 columns (CI logs) or 120 (a terminal).
/// </summary>
public static class RecordLayout
{
    /// <summary>The label column: the longest label ("Unauthorized", "Unverified") and a space.</summary>
    public const int Indent = 13;

    /// <summary>The width used when the host reports none (a runspace without a console).</summary>
    public const int DefaultWidth = 120;

    /// <param name="label">The state, e.g. NotFound, Reverted, Verified.</param>
    /// <param name="headline">The fact that matters (an image, a subject, where a revert went): first, and whole — a single
    /// token too long beside the label gets a line of its own, words wrap between words.</param>
    /// <param name="details">Lines under it (file:line, digest, message, reason); empty ones are left out.</param>
    /// <param name="width">The screen width ($Host.UI.RawUI.BufferSize.Width); 0 or less means unknown.</param>
    public static string Format(string label, string headline, IEnumerable<string?>? details, int width)
    {
        label ??= string.Empty;
        headline ??= string.Empty;
        // PowerShell wraps a view's line when it reaches the last column, so the last column is never written.
        var usable = (width > 0 ? width : DefaultWidth) - 1;
        var lines = new List<string>();
        var first = label.PadRight(Indent - 1) + " " + headline;
        if (first.Length <= usable)
        {
            lines.Add(first);
        }
        else if (!headline.Contains(' ', StringComparison.Ordinal) && headline.Length <= usable - 2)
        {
            // One token (an image, a URL) too long beside the label: a line of its own keeps it whole and first.
            lines.Add(label);
            lines.Add("  " + headline);
        }
        else
        {
            // Words (a subject, a message): wrapped between words, the first line beside the label.
            var wrapped = Wrap(headline, usable).ToList();
            lines.Add(label.PadRight(Indent - 1) + " " + wrapped[0].TrimStart());
            lines.AddRange(wrapped.Skip(1));
        }

        foreach (var detail in details ?? [])
        {
            if (!string.IsNullOrWhiteSpace(detail))
            {
                lines.AddRange(Wrap(detail.Trim(), usable));
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// Indented lines that break only between words, keeping the spacing inside a line (two spaces separate facts); a
    /// word longer than a line (an image, a URL) keeps a line of its own, indented by two so it stays whole on screen.
    /// </summary>
    private static IEnumerable<string> Wrap(string text, int usable)
    {
        var pad = new string(' ', Indent);
        var room = Math.Max(20, usable - Indent);
        var line = new System.Text.StringBuilder();
        var gap = string.Empty;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf(' ', start);
            end = end < 0 ? text.Length : end;
            var word = text[start..end];
            var next = end;
            while (next < text.Length && text[next] == ' ')
            {
                next++;
            }

            if (line.Length > 0 && line.Length + gap.Length + word.Length > room)
            {
                yield return pad + line;
                line.Clear();
                gap = string.Empty;
            }

            if (word.Length > room && word.Length <= usable - 2)
            {
                yield return "  " + word;
                gap = string.Empty;
                start = next;
                continue;
            }

            line.Append(gap).Append(word);
            gap = text[end..next];
            start = next;
        }

        if (line.Length > 0)
        {
            yield return pad + line;
        }
    }
}

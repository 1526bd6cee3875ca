using System.Globalization;
using System.Text;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.History;

/// <summary>One git log question: <c>git log --format=%H [--max-age=Since] [Hide..]Start -- Paths</c>.</summary>
public sealed record LogQuery(string Start, string? Hide, long? Since, string[] Paths)
{
    public string[] GitArguments() =>
    [
        "log", "--format=%H", .. Since is { } since ? new[] { "--max-age=" + since.ToString(CultureInfo.InvariantCulture) } : [],
        Hide is null ? Start : $"{Hide}..{Start}", "--", .. Paths,
    ];

    public override string ToString() => "git " + string.Join(' ', GitArguments());
}

/// <summary>
/// A repository written by git fast-import from a seeded random script, to compare the history walk with git log:
/// branches forked from old commits, unrelated roots, merges that keep one side's tree or mix both (octopus too), files
/// added, edited, deleted, renamed, chmod-only changes, empty commits, whole folders removed, a file replaced by a
/// folder and back, nested folders, and commit times that tie or go backwards (clock skew).
/// </summary>
public sealed class GeneratedHistory : IDisposable
{
    /// <summary>Paths the queries filter on: folders, files, the file-or-folder path, its child, and a path never created.</summary>
    public static readonly string[] PathSpecs =
    [
        "clusters", "clusters/prod", "clusters/prod/apps", "clusters/prod/apps/a.yaml", "clusters/staging", "infra",
        "infra/b.yaml", "apps/web", "apps/web/config", "apps/web/config/app.yaml", "a.yaml", "missing/path",
    ];

    private static readonly string[] Files =
    [
        "clusters/prod/apps/a.yaml", "clusters/prod/apps/b.yaml", "clusters/prod/infra/a.yaml", "clusters/staging/a.yaml",
        "infra/b.yaml", "infra/kustomization.yaml", "apps/web/a.yaml", "apps/web/config", "apps/web/config/app.yaml", "a.yaml",
    ];

    private readonly Random _random;
    private readonly StringBuilder _script = new();
    private readonly List<State> _commits = [];
    private readonly Dictionary<string, int> _heads = [];
    private long _time = 1_700_000_000;

    private GeneratedHistory(int seed)
    {
        _random = new Random(seed);
    }

    public GitWorkTree Repository { get; } = new();

    /// <summary>Every commit's sha, in the order written.</summary>
    public IReadOnlyList<string> Shas { get; private set; } = [];

    public string Tip => Shas[_heads["main"] - 1];

    public IEnumerable<string> BranchTips => _heads.Values.Select(mark => Shas[mark - 1]);

    public static GeneratedHistory Create(int seed, int steps)
    {
        var history = new GeneratedHistory(seed);
        history.Write("main", [], RandomFiles(history._random));
        for (var step = 0; step < steps; step++)
        {
            history.Step();
        }

        history.Import();
        return history;
    }

    /// <summary>A deterministic sample of queries: both ends, ranges between random commits, --since at a commit's time, one to three paths.</summary>
    public IEnumerable<LogQuery> Queries(int count)
    {
        var random = new Random(Shas.Count);
        for (var i = 0; i < count; i++)
        {
            var start = i % 3 == 0 ? Tip : BranchTips.ElementAt(random.Next(_heads.Count));
            var hide = random.Next(3) == 0 ? Shas[random.Next(Shas.Count)] : null;
            long? since = random.Next(4) == 0 ? _commits[random.Next(_commits.Count)].Time : null;
            var paths = i % 10 == 0 ? [] : PathSpecs.OrderBy(_ => random.Next()).Take(1 + (random.Next(7) / 3)).ToArray();
            yield return new LogQuery(start, hide, since, paths);
        }
    }

    public string[] GitLog(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Repository.Git(query.GitArguments()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public void Dispose() => Repository.Dispose();

    private void Step()
    {
        var roll = _random.NextDouble();
        var branches = _heads.Keys.ToList();
        if (roll < 0.08 && branches.Count < 4)
        {
            var fork = _random.Next(_commits.Count); // a branch may start far back in history
            Write("topic" + _commits.Count, [fork + 1], Change(_commits[fork].Files));
        }
        else if (roll < 0.10 && branches.Count < 4)
        {
            Write("orphan" + _commits.Count, [], RandomFiles(_random)); // an unrelated root, merged later
        }
        else if (roll < 0.28 && branches.Count > 1)
        {
            Merge(branches);
        }
        else
        {
            var branch = branches[_random.Next(branches.Count)];
            Write(branch, [_heads[branch]], Change(_commits[_heads[branch] - 1].Files));
        }
    }

    private void Merge(List<string> branches)
    {
        var shuffled = branches.OrderBy(_ => _random.Next()).ToList();
        var sides = shuffled.Take(_random.Next(8) == 0 && shuffled.Count > 2 ? 3 : 2).ToList();
        var trees = sides.Select(b => _commits[_heads[b] - 1].Files).ToList();
        var files = _random.Next(3) switch
        {
            0 => new Dictionary<string, (string, bool)>(trees[0]), // "ours": TREESAME to the first parent
            1 => new Dictionary<string, (string, bool)>(trees[^1]), // "theirs": TREESAME to a later parent
            _ => Mix(trees),
        };
        Write(sides[0], sides.Select(b => _heads[b]).ToArray(), files);
        if (sides[1] != "main")
        {
            _heads.Remove(sides[1]); // merged topics usually stop; the ref keeps pointing at their tip
        }
    }

    private Dictionary<string, (string, bool)> Mix(List<Dictionary<string, (string Content, bool Executable)>> trees)
    {
        var files = new Dictionary<string, (string, bool)>();
        foreach (var path in trees.SelectMany(t => t.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var holders = trees.Where(t => t.ContainsKey(path)).ToList();
            if (holders.Count == trees.Count || _random.Next(10) < 7)
            {
                Put(files, path, holders[_random.Next(holders.Count)][path]);
            }
        }

        return files;
    }

    private Dictionary<string, (string, bool)> Change(Dictionary<string, (string Content, bool Executable)> before)
    {
        var files = new Dictionary<string, (string, bool)>(before);
        var existing = files.Keys.Order(StringComparer.Ordinal).ToList();
        var any = existing.Count > 0 ? existing[_random.Next(existing.Count)] : null;
        switch (_random.Next(9))
        {
            case 0 when any is not null: files.Remove(any); break;
            case 1 when any is not null: files.Remove(any); Put(files, Pick(Files), before[any]); break; // rename
            case 2 when any is not null: files[any] = (before[any].Content, !before[any].Executable); break; // chmod only
            case 3: break; // empty commit
            case 4 when any is not null && any.Contains('/'): // a whole folder goes
                var folder = any[..any.LastIndexOf('/')];
                foreach (var path in existing.Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal))) { files.Remove(path); }
                break;
            default: Put(files, Pick(Files), (Pick(["v0", "v1", "v2", "v3"]), false)); break; // few contents: subtrees repeat
        }

        return files;
    }

    /// <summary>Adds a file, dropping whatever it collides with: a file where a folder must be, or a folder where the file goes.</summary>
    private static void Put(Dictionary<string, (string, bool)> files, string path, (string, bool) value)
    {
        foreach (var other in files.Keys.ToList())
        {
            if (path.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(path + "/", StringComparison.Ordinal))
            {
                files.Remove(other);
            }
        }

        files[path] = value;
    }

    private static Dictionary<string, (string, bool)> RandomFiles(Random random)
    {
        var files = new Dictionary<string, (string, bool)>();
        foreach (var path in Files.Where(_ => random.Next(2) == 0))
        {
            Put(files, path, ("v" + random.Next(3), false));
        }

        return files;
    }

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    private void Write(string branch, int[] parents, Dictionary<string, (string Content, bool Executable)> files)
    {
        _time += _random.Next(20) switch
        {
            < 3 => 0, // the same second as the commit before
            3 => -3000, // clock skew: older than its parent
            _ => 60,
        };

        var mark = _commits.Count + 1;
        var message = $"commit {mark} on {branch}\n";
        _script.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark :{mark}\n")
            .Append(CultureInfo.InvariantCulture, $"author A <a@example.test> {_time} +0000\ncommitter C <c@example.test> {_time} +0000\n")
            .Append(CultureInfo.InvariantCulture, $"data {message.Length}\n{message}");
        foreach (var (parent, index) in parents.Select((p, i) => (p, i)))
        {
            _script.Append(index == 0 ? "from" : "merge").Append(CultureInfo.InvariantCulture, $" :{parent}\n");
        }

        _script.Append("deleteall\n");
        foreach (var (path, (content, executable)) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            _script.Append(executable ? "M 100755" : "M 100644").Append(CultureInfo.InvariantCulture, $" inline {path}\ndata {content.Length}\n{content}\n");
        }

        _script.Append('\n');
        _commits.Add(new State(files, _time));
        _heads[branch] = mark;
    }

    private void Import()
    {
        var marks = System.IO.Path.Combine(Repository.Path, ".git", "generated-marks");
        ProcessRunner.Run("git", ["fast-import", "--quiet", "--export-marks=" + marks], Repository.Path, ProcessRunner.GitEnvironment, _script.ToString())
            .EnsureSuccess("git fast-import");
        var byMark = File.ReadAllLines(marks).Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0][1..], CultureInfo.InvariantCulture), p => p[1]);
        Shas = Enumerable.Range(1, _commits.Count).Select(m => byMark[m]).ToList();
    }

    private sealed record State(Dictionary<string, (string Content, bool Executable)> Files, long Time);
}

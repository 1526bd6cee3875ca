namespace FluxOps.Testing;

/// <summary>
/// A real git smart-HTTP server (nginx + fcgiwrap + git-http-backend) with Basic auth on a free
/// loopback port, serving bare repositories from its own folder; stopped and deleted on dispose.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    private readonly TempDirectory _directory = new("fluxops-git");
    private readonly BackgroundProcess _fcgiwrap;
    private readonly BackgroundProcess _nginx;
    private readonly string _work;

    public GitHttpServer(string user = "flux", string? password = null)
    {
        var nginx = RequiredTool.Find("nginx", "nginx");
        var fcgiwrap = RequiredTool.Find("fcgiwrap", "fcgiwrap");
        var htpasswd = RequiredTool.Find("htpasswd", "apache2-utils");
        var backend = FindHttpBackend();

        User = user;
        Password = string.IsNullOrEmpty(password) ? "pw-" + Guid.NewGuid().ToString("N")[..12] : password;
        RepositoryRoot = _directory.Combine("repos");
        Directory.CreateDirectory(RepositoryRoot);
        var work = _directory.Combine("nginx");
        _work = work;
        Directory.CreateDirectory(work);

        var passwordFile = Path.Combine(work, "htpasswd");
        ProcessRunner.Run(htpasswd, ["-bc", passwordFile, User, Password]).EnsureSuccess("htpasswd");
        // nginx workers run unprivileged: they must read the password file and reach the socket.
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var socket = Path.Combine(work, "fcgi.sock");
        _fcgiwrap = new BackgroundProcess(fcgiwrap, ["-c", "4", "-s", "unix:" + socket]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(socket) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        if (!File.Exists(socket))
        {
            throw new InvalidOperationException("fcgiwrap did not create its socket: " + _fcgiwrap.Output);
        }

        File.SetUnixFileMode(socket, (UnixFileMode)0b111_111_111);
        var config = Path.Combine(work, "nginx.conf");
        // A free port can be taken by someone else before nginx binds it (parallel test runs): try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            File.WriteAllText(config, $$"""
            worker_processes 1; pid {{work}}/nginx.pid; error_log {{work}}/error.log; daemon off;
            events {}
            http {
              access_log {{work}}/access.log;
              client_body_temp_path {{work}}/body; fastcgi_temp_path {{work}}/fcgi; proxy_temp_path {{work}}/proxy;
              uwsgi_temp_path {{work}}/uwsgi; scgi_temp_path {{work}}/scgi;
              server {
                listen 127.0.0.1:{{Port}};
                location / {
                  if (-f {{work}}/fault-500) { return 500; }
                  if (-f {{work}}/fault-drop) { return 444; }
                  auth_basic "git"; auth_basic_user_file {{passwordFile}};
                  client_max_body_size 0;
                  include /etc/nginx/fastcgi_params;
                  fastcgi_param SCRIPT_FILENAME {{backend}};
                  fastcgi_param GIT_HTTP_EXPORT_ALL "";
                  fastcgi_param GIT_PROJECT_ROOT {{RepositoryRoot}};
                  fastcgi_param PATH_INFO $uri;
                  fastcgi_param REMOTE_USER $remote_user;
                  fastcgi_pass unix:{{socket}};
                }
              }
            }
            """);
            _nginx = new BackgroundProcess(nginx, ["-c", config, "-e", Path.Combine(work, "error.log")]);
            try
            {
                Wait.ForPort(Port, _nginx, "nginx");
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && BindFailed(work))
            {
                _nginx.Dispose();
            }
        }
    }

    public int Port { get; }

    /// <summary>
    /// Makes every request fail until <see cref="Heal"/>: <see cref="GitServerFault.Status500"/> answers 500,
    /// <see cref="GitServerFault.Drop"/> closes the connection without an answer (nginx's 444), like an unreachable remote.
    /// </summary>
    public void Fail(GitServerFault fault)
    {
        Heal();
        File.WriteAllText(System.IO.Path.Combine(_work, fault == GitServerFault.Status500 ? "fault-500" : "fault-drop"), string.Empty);
    }

    public void Heal()
    {
        File.Delete(System.IO.Path.Combine(_work, "fault-500"));
        File.Delete(System.IO.Path.Combine(_work, "fault-drop"));
    }

    public string User { get; }

    public string Password { get; }

    public string RepositoryRoot { get; }

    /// <summary>The clone URL of a repository, without credentials.</summary>
    public string UrlFor(string name) => $"http://127.0.0.1:{Port}/{name}.git";

    /// <summary>The clone URL with the Basic credentials embedded, for test-side git commands only.</summary>
    public string AuthenticatedUrlFor(string name) =>
        $"http://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{name}.git";

    /// <summary>Creates an empty bare repository that accepts pushes; returns its folder.</summary>
    public string CreateBareRepository(string name, string initialBranch = "main")
    {
        var path = Path.Combine(RepositoryRoot, name + ".git");
        ProcessRunner.Git(RepositoryRoot, "init", "--bare", "-q", "--initial-branch=" + initialBranch, path);
        ProcessRunner.Git(path, "config", "http.receivepack", "true");
        return path;
    }

    public void Dispose()
    {
        _nginx.Dispose();
        _fcgiwrap.Dispose();
        _directory.Dispose();
    }

    // nginx reports a taken port as "bind() ... failed (98: Address already in use)" in its error log.
    private static bool BindFailed(string work)
    {
        var log = Path.Combine(work, "error.log");
        return File.Exists(log) && File.ReadAllText(log).Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
    }

    private static string FindHttpBackend()
    {
        foreach (var candidate in new[] { "/usr/lib/git-core/git-http-backend", "/usr/libexec/git-core/git-http-backend" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("git-http-backend was not found. Install it with: apt-get install -y git");
    }
}

/// <summary>How <see cref="GitHttpServer.Fail"/> makes the git server fail.</summary>
public enum GitServerFault
{
    Status500,
    Drop,
}

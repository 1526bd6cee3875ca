using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace FluxOps.Core.Git;

/// <summary>HTTP(S) and local-path remotes through libgit2, with an explicit credential or the user's git credential helpers.</summary>
internal sealed class LibGit2Transport : IGitTransport
{
    private readonly GitCredential? _credential;

    // Where the credentials libgit2 last sent came from, so a refusal names them and a 401 without any says "none given".
    private string? _offered;

    public LibGit2Transport(GitCredential? credential) => _credential = credential;

    public bool Fetch(Repository repository, string remote, string branch, string trackingRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var url = GitTransports.RemoteUrl(repository, remote);
        var options = new FetchOptions
        {
            CredentialsProvider = Credentials(url, repository.Info.WorkingDirectory ?? repository.Info.Path),
            TagFetchMode = TagFetchMode.None,
            Prune = false,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        try
        {
            // One round trip: fetch the branch straight into the tracking ref. A branch the remote does not have leaves
            // no tracking ref behind (callers that must tell "deleted since" apart remove the old one first).
            Commands.Fetch(repository, remote, [$"+refs/heads/{branch}:{trackingRef}"], options, null);
            return repository.Refs[trackingRef] is not null;
        }
        catch (LibGit2SharpException ex)
        {
            throw Classify(ex, url, "fetch");
        }
    }

    public PushOutcome Push(Repository repository, string remote, Commit commit, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commit);
        var url = GitTransports.RemoteUrl(repository, remote);
        // libgit2 pushes refs, not bare ids: stage the commit under a private ref for the duration of the push.
        var staging = $"refs/fluxops/push/{Guid.NewGuid():N}";
        repository.Refs.Add(staging, commit.Id);
        string? rejection = null;
        try
        {
            var options = new PushOptions
            {
                CredentialsProvider = Credentials(url, repository.Info.WorkingDirectory ?? repository.Info.Path),
                OnPushStatusError = error => rejection = error.Message,
            };
            repository.Network.Push(repository.Network.Remotes[remote], $"{staging}:refs/heads/{branch}", options);
            return rejection is null ? PushOutcome.Ok : new PushOutcome(false, GitCredential.Redact(rejection, _credential));
        }
        catch (NonFastForwardException ex)
        {
            return new PushOutcome(false, GitCredential.Redact(ex.Message, _credential));
        }
        catch (LibGit2SharpException ex)
        {
            throw Classify(ex, url, "push");
        }
        finally
        {
            repository.Refs.Remove(staging);
        }
    }

    /// <param name="repositoryDirectory">Where to run <c>git credential fill</c>, so helpers set in the repository's own config apply too.</param>
    internal CredentialsHandler Credentials(string url, string repositoryDirectory)
    {
        var calls = 0;
        return (requestedUrl, userFromUrl, _) =>
        {
            calls++;
            // libgit2 asks with the URL it is talking to now, which after a redirect may be another host: it gets nothing.
            if (!CredentialScope.Allows(url, requestedUrl))
            {
                throw new GitOperationException("GitCredentialOffSite", FailureKind.AuthenticationFailed,
                    $"{GitCredential.Redact(url, _credential)} redirected to {HttpRedactionUrl(requestedUrl)}, which asked for credentials; " +
                    "FluxOps sends credentials only to the scheme, host and port they were given for.", HttpRedactionUrl(requestedUrl));
            }

            if (_credential is not null)
            {
                _offered = "-Credential";
                return new UsernamePasswordCredentials { Username = _credential.UserName, Password = _credential.Secret };
            }

            // Ask the user's configured git credential helpers once; then give up rather than loop.
            var helped = calls == 1 ? GitCredentialHelper.Fill(url, repositoryDirectory) : null;
            if (helped is not null)
            {
                _offered = "your git credential helper";
                return new UsernamePasswordCredentials { Username = helped.UserName, Password = helped.Secret };
            }

            return new DefaultCredentials();
        };
    }

    private static string HttpRedactionUrl(string? url) => Http.HttpRedaction.Url(url);

    internal GitOperationException Classify(LibGit2SharpException ex, string url, string operation) =>
        GitFailure.Classify(GitCredential.Redact(ex.Message, _credential), GitCredential.Redact(url, _credential), operation, _offered);
}

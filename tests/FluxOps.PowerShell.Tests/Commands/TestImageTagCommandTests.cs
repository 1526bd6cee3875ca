using System.Management.Automation;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>A real docker-registry with Basic auth and two tags, shared by the cmdlet tests.</summary>
public sealed class CmdletRegistry : IDisposable
{
    public const string User = "ci-reader";
    public const string Password = "Hunter2-registry-Secret";

    public CmdletRegistry()
    {
        Open = new RegistryServer();
        Private = new RegistryServer(RegistryAuth.Basic(User, Password));
        using (var pusher = new ImagePusher(Open))
        {
            Digest = pusher.PushImageAsync("app", "v1").GetAwaiter().GetResult();
        }

        using (var pusher = new ImagePusher(Private))
        {
            pusher.PushImageAsync("secret/app", "v1").GetAwaiter().GetResult();
        }
    }

    public RegistryServer Open { get; }

    public RegistryServer Private { get; }

    public string Digest { get; }

    public void Dispose()
    {
        Open.Dispose();
        Private.Dispose();
    }
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class TestImageTagCommandTests(CmdletRegistry registries) : IClassFixture<CmdletRegistry>, IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly TempDirectory _home = new("fluxops-pshome");

    private Dictionary<string, object?> Vars(params (string Name, object? Value)[] extra)
    {
        var vars = new Dictionary<string, object?>
        {
            ["open"] = registries.Open.Host,
            ["private"] = registries.Private.Host,
            ["user"] = CmdletRegistry.User,
            ["password"] = CmdletRegistry.Password,
            ["fakehome"] = _home.Path,
        };
        foreach (var (name, value) in extra)
        {
            vars[name] = value;
        }

        return vars;
    }

    /// <summary>Runs the script with the credential environment pointed at an empty temp home, restored afterwards.</summary>
    private SessionResult Run(string script, Dictionary<string, object?> variables) => _session.Run($$"""
        $names = 'DOCKER_CONFIG', 'REGISTRY_AUTH_FILE', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'DOCKER_AUTH_CONFIG'
        $saved = @{}; foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
        try {
            foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $null) }
            $env:DOCKER_CONFIG = $fakehome; $env:XDG_CONFIG_HOME = $fakehome
        {{script}}
        }
        catch { throw }
        finally { foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) } }
        """, variables);

    [Fact]
    public void Strings_from_the_pipeline_get_one_typed_result_each_in_input_order()
    {
        var result = Run("\"$open/app:v1\", \"$open/app:nope\", \"$open/app:v1\" | Test-ImageTag", Vars());

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("FluxOps.Models.ImageCheckResult", o.BaseObject.GetType().FullName));
        Assert.Equal(["Exists", "NotFound", "Exists"], result.Output.Select(o => o.Properties["Status"].Value.ToString()));
        Assert.Equal(registries.Digest, result.Output[0].Properties["Digest"].Value);
    }

    [Fact]
    public void Image_reference_objects_bind_by_property_name_and_keep_file_and_line()
    {
        var result = Run("""
            $refs = @(
                [FluxOps.Models.ImageReference]@{ Image = "$open/app:v1"; File = 'apps/web/deploy.yaml'; Line = 21 }
                [pscustomobject]@{ Image = "$open/app:v2"; File = 'apps/api/values.yaml'; Line = 7 }
                "$open/app:v1"
            )
            $refs | Test-ImageTag
            """, Vars());

        Assert.Empty(result.Errors);
        Assert.Equal(
            [("Exists", "apps/web/deploy.yaml", 21), ("NotFound", "apps/api/values.yaml", 7), ("Exists", (string?)null, 0)],
            result.Output.Select(o => (o.Properties["Status"].Value.ToString()!, (string?)o.Properties["File"].Value, (int)o.Properties["Line"].Value)));
    }

    [Fact]
    public void An_invalid_reference_is_a_non_terminating_error_and_the_rest_go_on()
    {
        var result = Run("'Not A Ref!', \"$open/app:v1\" | Test-ImageTag", Vars());

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageReferenceInvalid,FluxOps.PowerShell.Commands.TestImageTagCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Not A Ref!", error.TargetObject);
        Assert.Equal("Exists", Assert.Single(result.Output).Properties["Status"].Value.ToString());
    }

    [Fact]
    public void FailOnMissing_writes_every_result_then_throws_naming_what_failed()
    {
        var result = Run($"\"$open/app:v1\", \"$open/app:nope\", '127.0.0.1:{FreePort.Next()}/gone:v1' | Test-ImageTag -FailOnMissing -RetryCount 0", Vars());

        Assert.Equal(3, result.Output.Count);
        var thrown = Assert.IsAssignableFrom<RuntimeException>(result.Terminating);
        Assert.Equal("ImageMissing,FluxOps.PowerShell.Commands.TestImageTagCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("missing (1): " + registries.Open.Host + "/app:nope", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("could not verify", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("app:v1,", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnMissing_with_only_unreachable_registries_says_could_not_verify_not_missing()
    {
        var result = Run($"Test-ImageTag '127.0.0.1:{FreePort.Next()}/gone:v1' -FailOnMissing -RetryCount 0", Vars());

        var thrown = Assert.IsAssignableFrom<RuntimeException>(result.Terminating);
        Assert.Equal("ImageNotVerified,FluxOps.PowerShell.Commands.TestImageTagCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("could not verify", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("missing (", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnMissing_fails_on_an_invalid_reference_too()
    {
        var result = Run("'Not A Ref!', \"$open/app:v1\" | Test-ImageTag -FailOnMissing", Vars());

        Assert.Single(result.Output);
        var thrown = Assert.IsAssignableFrom<RuntimeException>(result.Terminating);
        Assert.Equal("ImageMissing,FluxOps.PowerShell.Commands.TestImageTagCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("invalid references (1): 'Not A Ref!'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnMissing_is_silent_when_everything_exists()
    {
        var result = Run("Test-ImageTag \"$open/app:v1\" -FailOnMissing", Vars());

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Single(result.Output);
    }

    [Fact]
    public void Credential_is_used_and_verbose_names_the_source_but_no_secret_appears_anywhere()
    {
        var result = Run("""
            $cred = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
            $wrong = [pscredential]::new($user, (ConvertTo-SecureString "$password-wrong" -AsPlainText -Force))
            Test-ImageTag "$private/secret/app:v1" -Credential $cred -Verbose
            Test-ImageTag "$private/secret/app:v1" -Credential $wrong -Verbose
            Test-ImageTag "$private/secret/app:v1" -Verbose
            Test-ImageTag "$private/secret/app:v1" -Credential $wrong -FailOnMissing -Verbose
            """, Vars());

        Assert.Equal(["Exists", "Unauthorized", "Unauthorized", "Unauthorized"], result.Output.Select(o => o.Properties["Status"].Value.ToString()));
        Assert.Contains(result.Verbose, v => v.Contains($"Credentials for {registries.Private.Host}: -Credential (user '{CmdletRegistry.User}')", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, v => v.Contains("none found", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, v => v.Contains("HEAD http://" + registries.Private.Host, StringComparison.Ordinal) && v.Contains("401", StringComparison.Ordinal));
        Assert.NotNull(result.Terminating);
        var everything = result.AllText + string.Join('\n', result.Output.Select(o => string.Join(' ', o.Properties.Select(p => p.Value?.ToString()))));
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CmdletRegistry.User}:{CmdletRegistry.Password}"));
        Assert.DoesNotContain(CmdletRegistry.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_config_credentials_are_found_and_reported_by_path_only()
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CmdletRegistry.User}:{CmdletRegistry.Password}"));
        File.WriteAllText(Path.Combine(_home.Path, "config.json"), "{\"auths\":{\"" + registries.Private.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        var result = Run("Test-ImageTag \"$private/secret/app:v1\" -Verbose", Vars());

        Assert.Equal("Exists", Assert.Single(result.Output).Properties["Status"].Value.ToString());
        Assert.Contains(result.Verbose, v => v.Contains(Path.Combine(_home.Path, "config.json"), StringComparison.Ordinal));
        Assert.DoesNotContain(auth, result.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(CmdletRegistry.Password, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_auth_file_and_a_malformed_platform_stop_before_any_request()
    {
        var missing = Run("Test-ImageTag \"$open/app:v1\" -AuthFile (Join-Path $fakehome 'nope.json')", Vars());
        var platform = Run("Test-ImageTag \"$open/app:v1\" -Platform arm64", Vars());

        Assert.Equal("AuthFileNotFound,FluxOps.PowerShell.Commands.TestImageTagCommand",
            Assert.IsAssignableFrom<RuntimeException>(missing.Terminating).ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal("PlatformInvalid,FluxOps.PowerShell.Commands.TestImageTagCommand",
            Assert.IsAssignableFrom<RuntimeException>(platform.Terminating).ErrorRecord.FullyQualifiedErrorId);
        Assert.Empty(missing.Output);
        Assert.Empty(platform.Output);
    }

    [Fact]
    public void The_default_view_is_a_record_of_status_and_image_then_file_line_and_short_digest()
    {
        var result = Run("""
            [FluxOps.Models.ImageReference]@{ Image = "$open/app:v1"; File = 'apps/web/deploy.yaml'; Line = 21 } | Test-ImageTag | Out-String -Width 200
            """, Vars());

        var text = Assert.Single(result.Output).ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.Equal($"Exists       {registries.Open.Host}/app:v1", lines[0]);
        Assert.Equal($"             apps/web/deploy.yaml:21  {registries.Digest[..19]}", lines[1]);
        Assert.DoesNotContain(registries.Digest, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_is_reported_while_a_slow_registry_answers()
    {
        using var slow = new LoopbackHttpServer(async (c, stop) =>
        {
            await Task.Delay(400, stop);
            await LoopbackHttpServer.RespondAsync(c, 404);
        });

        var result = Run("\"$slow/app:a\", \"$slow/app:b\" | Test-ImageTag -ThrottleLimit 1", Vars(("slow", slow.Host)));

        Assert.Equal(["NotFound", "NotFound"], result.Output.Select(o => o.Properties["Status"].Value.ToString()));
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("of 2 images checked", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
    }

    [Fact]
    public void Ctrl_C_stops_a_run_that_waits_on_a_hanging_registry()
    {
        using var hang = new LoopbackHttpServer(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));
        var result = _session.RunAndStop("Test-ImageTag \"$hang/app:v1\" -TimeoutSec 600", () => hang.Requests.Count > 0, Vars(("hang", hang.Host)));

        Assert.NotEmpty(hang.Requests);
        Assert.Empty(result.Output);
        // Without cancellation the run would wait out the 600 s timeout and then write an Unknown result.
        Assert.IsAssignableFrom<PipelineStoppedException>(result.Terminating);
    }

    public void Dispose()
    {
        _session.Dispose();
        _home.Dispose();
    }
}

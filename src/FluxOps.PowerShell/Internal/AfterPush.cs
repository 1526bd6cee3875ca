using System.Management.Automation;
using System.Security;
using FluxOps.Core.Flux;
using FluxOps.Models;

namespace FluxOps.PowerShell.Internal;

/// <summary>-ReconcileUrl/-ReconcileSecret into a Receiver hook, and what the cmdlets say once a push landed.</summary>
internal static class AfterPush
{
    /// <summary>The Receiver to call, or null without -ReconcileUrl; an unusable URL stops the command before anything changes.</summary>
    public static ReconcileHook? Hook(PSCmdlet cmdlet, Uri? url, SecureString? secret)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        if (url is null)
        {
            if (secret is not null)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("ReconcileSecretWithoutUrl", "-ReconcileSecret signs the call to -ReconcileUrl; give the Receiver's URL too.", null));
            }

            return null;
        }

        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("ReconcileUrlInvalid",
                "-ReconcileUrl takes the http(s) address of a Flux Receiver: the webhook-receiver service plus the Receiver's .status.webhookPath, e.g. https://flux-webhook.example.com/hook/<digest>.",
                $"{(url.IsAbsoluteUri ? url.Scheme + "://" + url.Host : "(relative)")}"));
        }

        var key = secret is null ? null : SecretBytes.Utf8(secret);
        if (key is { Length: 0 })
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("ReconcileSecretEmpty", "-ReconcileSecret is empty; a generic-hmac Receiver's token is not.", null));
        }

        return new ReconcileHook(url, key);
    }

    /// <summary>Says once how Flux picks the push up now: information when the Receiver took it (or which commands to run), a warning when it failed.</summary>
    public static void Tell(PSCmdlet cmdlet, IEnumerable<RevertResult?> results)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        if (results.FirstOrDefault(r => r?.Reconcile is not null) is { Reconcile: { } text } result)
        {
            Tell(cmdlet, new ReconcileNote(text, result.ReconcileRequested));
        }
    }

    public static void Tell(PSCmdlet cmdlet, ReconcileNote note)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        ArgumentNullException.ThrowIfNull(note);
        if (note.Requested == false)
        {
            cmdlet.WriteWarning(note.Text);
        }
        else
        {
            cmdlet.WriteInformation(new HostInformationMessage { Message = note.Text }, ["PSHOST", "FluxOps.Reconcile"]);
        }
    }
}

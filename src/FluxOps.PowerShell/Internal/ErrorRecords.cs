using System.Management.Automation;
using FluxOps.Core;

namespace FluxOps.PowerShell.Internal;

/// <summary>The one way a FluxOps failure becomes an ErrorRecord: stable id, category from its kind, a target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(FluxOpsException exception, object? target = null) =>
        new(exception, exception.ErrorId, Category(exception.Kind), exception.Target ?? target);

    /// <summary>A parameter value the cmdlet refuses before calling Core.</summary>
    public static ErrorRecord InvalidArgument(string errorId, string message, object? target) =>
        new(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);

    private static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FailureKind.AuthenticationFailed => ErrorCategory.AuthenticationError,
        FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
        FailureKind.Conflict => ErrorCategory.WriteError,
        FailureKind.PushRejected => ErrorCategory.ResourceBusy,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.SecurityError => ErrorCategory.SecurityError,
        FailureKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        _ => ErrorCategory.InvalidOperation,
    };
}

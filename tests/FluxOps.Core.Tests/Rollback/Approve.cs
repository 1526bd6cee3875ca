using FluxOps.Core.Rollback;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>The approve callbacks a user gives through ShouldProcess: yes (no -WhatIf) or no (-WhatIf, a declined -Confirm).</summary>
internal static class Approve
{
    public static readonly Func<PolicyVerdict, bool> Always = _ => true;

    public static readonly Func<PolicyVerdict, bool> Never = _ => false;
}

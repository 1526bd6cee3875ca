using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace FluxOps.PowerShell.Internal;

/// <summary>Turns a SecureString into the exact UTF-8 key bytes (no trimming: NC ≥ 1.7 signs with the token as stored).</summary>
internal static class SecretBytes
{
    public static byte[] Utf8(SecureString secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            var chars = new char[secret.Length];
            Marshal.Copy(pointer, chars, 0, chars.Length);
            try
            {
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars);
            }
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}

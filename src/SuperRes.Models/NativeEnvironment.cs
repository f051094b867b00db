using System.Runtime.InteropServices;

namespace SuperRes.Models;

/// <summary>The environment variables as native code (LibTorch) reads them.</summary>
/// <remarks>
/// .NET keeps its own copy of the environment on Unix, which the C library's <c>getenv</c> never sees, so reads and
/// writes go through the C library there. Windows builds read the process environment block, which .NET writes
/// directly.
/// </remarks>
internal static class NativeEnvironment
{
    /// <summary>Gets a variable's value as native code sees it, or null where it is unset (or there is no C library to ask).</summary>
    /// <param name="name">The variable's name.</param>
    /// <returns>Its value, or null.</returns>
    public static string? Get(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetEnvironmentVariable(name);
        }

        try
        {
            var value = GetEnv(name);
            return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Sets a variable for native code where nobody has set it; a value already there is kept.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">The value to set.</param>
    /// <exception cref="InvalidOperationException">The C library refused the value.</exception>
    public static void SetIfUnset(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return;
        }

        int result;
        try
        {
            result = SetEnv(name, value, overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return; // No C library by that name: native code keeps its default.
        }

        if (result != 0)
        {
            throw new InvalidOperationException($"Could not set {name} for LibTorch (setenv failed with errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}

using System.Runtime.InteropServices;

namespace SuperRes.Cli;

/// <summary>
/// Ctrl+C and SIGTERM cancel the running command instead of killing the process, so that it stops after the current
/// tile, deletes its temporary file and keeps the files it finished.
/// </summary>
internal static class Interrupt
{
    private static readonly CancellationTokenSource Source = new();

    public static CancellationToken Token => Source.Token;

    public static IDisposable[] Register() =>
        [PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel)];

    private static void Cancel(PosixSignalContext context)
    {
        context.Cancel = true;
        Source.Cancel();
    }
}

using NUnit.Framework;

namespace SuperRes.Models.Tests;

/// <summary>Holds oneDNN to its safe instruction set before any test of this assembly runs a convolution.</summary>
/// <remarks>
/// oneDNN reads its limit once, at the process's first convolution, and many tests compare with LibTorch's own
/// convolutions without creating a network first; in the order NUnit picks, one of those could come first.
/// </remarks>
[SetUpFixture]
public class OneDnnSetUp
{
    [OneTimeSetUp]
    public void HoldOneDnnToItsSafeInstructionSet() => OneDnnConvolutions.HoldToSafeIsa();
}

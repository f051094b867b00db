using NUnit.Framework;
using SuperRes.Models.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

/// <summary>
/// Perturbs the centre pixel of the input and finds the output pixels that change: mapped back to the input
/// pixel they belong to (floor(y / scale)), none may lie farther than ReceptiveRadius, and the farthest
/// should reach it (the radius is not an overestimate). Large models run with fewer blocks and features;
/// the radius does not depend on the width.
/// </summary>
public class ReceptiveRadiusTests
{
    private static readonly (string Name, Func<SuperResolutionNetwork> Create)[] Networks =
    [
        ("srcnn x3", () => new Srcnn(3)),
        ("srcnn-915 x2", () => new Srcnn(2, SrcnnOptions.Srcnn915)),
        ("fsrcnn x2", () => new Fsrcnn(2)),
        ("fsrcnn x3", () => new Fsrcnn(3)),
        ("fsrcnn-s x4", () => new Fsrcnn(4, FsrcnnOptions.Small)),
        ("espcn x3", () => new Espcn(3)),
        ("vdsr narrow", () => new Vdsr(2, new VdsrOptions { Features = 16 })),
        ("srresnet x2", () => new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 })),
        ("srresnet x3", () => new SrResNet(3, new SrResNetOptions { ResidualBlocks = 1, Features = 8 })),
        ("srresnet x4", () => new SrResNet(4, new SrResNetOptions { ResidualBlocks = 1, Features = 8 })),
        ("srresnet x8", () => new SrResNet(8, new SrResNetOptions { ResidualBlocks = 1, Features = 8 })),
        ("edsr x2", () => new Edsr(2, new EdsrOptions { ResidualBlocks = 2, Features = 8 })),
        ("edsr x3", () => new Edsr(3, new EdsrOptions { ResidualBlocks = 2, Features = 8 })),
        ("edsr x4", () => new Edsr(4, new EdsrOptions { ResidualBlocks = 2, Features = 8 })),
        ("edsr x8", () => new Edsr(8, new EdsrOptions { ResidualBlocks = 2, Features = 8 })),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Networks.Select(n => new TestCaseData(n.Create).SetArgDisplayNames(n.Name));

    [TestCaseSource(nameof(Cases))]
    public void ReceptiveRadiusIsTheFarthestReachOfOneInputPixel(Func<SuperResolutionNetwork> create)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        using var network = create();
        network.eval();
        var radius = network.ReceptiveRadius;
        var size = (2 * radius) + 5;
        var centre = size / 2;
        var channels = network.ColorMode == ColorMode.Y ? 1 : 3;
        var input = rand(1, channels, size, size);
        var perturbed = input.clone();
        perturbed[.., .., centre, centre] += 0.5f;

        Tensor change;
        using (no_grad())
        {
            change = (network.call(perturbed) - network.call(input)).abs().amax([0, 1]);
        }

        var scale = network.PreUpsampled ? 1 : network.Scale;
        var width = (int)change.shape[1];
        var values = change.data<float>().ToArray();
        var reach = Enumerable.Range(0, values.Length)
            .Where(i => values[i] > 1e-6f)
            .Max(i => Math.Max(Math.Abs((i / width / scale) - centre), Math.Abs((i % width / scale) - centre)));
        Assert.That(reach, Is.EqualTo(radius));
    }
}

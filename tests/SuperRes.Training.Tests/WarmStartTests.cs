using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using TorchSharp;

namespace SuperRes.Training.Tests;

public class WarmStartTests
{
    private static readonly EdsrOptions Small = new() { ResidualBlocks = 2, Features = 8 };

    [Test]
    public void EdsrX2IntoX4CopiesExactlyTheScaleIndependentParameters()
    {
        torch.manual_seed(1);
        using var source = new Edsr(2, Small);
        using var target = new Edsr(4, Small);
        var before = target.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var report = WarmStart.CopyMatching(source, target);

        Assert.That(report.Copied, Is.EquivalentTo(target.ScaleIndependentParameterNames));
        Assert.That(report.Skipped, Is.Not.Empty.And.All.StartsWith("upsample."));
        var from = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in target.named_parameters())
        {
            var expected = name.StartsWith("upsample.", StringComparison.Ordinal) ? before[name] : from[name];
            Assert.That(parameter.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()), name);
        }
    }

    [Test]
    public void FromFileFindsTheScaleTheFileWasSavedAt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"superres-warm-{Guid.NewGuid():N}.safetensors");
        try
        {
            torch.manual_seed(2);
            using (var x4 = ModelCatalog.Create("espcn", 4))
            {
                x4.SaveWeights(path, WeightsMetadata.For(x4, "espcn"));
            }

            using var target = ModelCatalog.Create("espcn", 3);
            var report = WarmStart.FromFile(path, ModelCatalog.Get("espcn"), target);

            // ESPCN's last convolution has r^2 outputs: only the feature maps carry over between scales.
            Assert.That(report.Copied, Is.EquivalentTo(target.named_parameters().Select(p => p.name).Where(n => n.StartsWith("feature_maps.", StringComparison.Ordinal))));
            Assert.That(report.Skipped, Is.EquivalentTo(new[] { "sub_pixel.0.weight", "sub_pixel.0.bias" }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

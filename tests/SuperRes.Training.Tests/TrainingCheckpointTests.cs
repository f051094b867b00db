using NUnit.Framework;
using SuperRes.Models.Architectures;
using TorchSharp;

namespace SuperRes.Training.Tests;

public class TrainingCheckpointTests
{
    [Test]
    public void AnInfiniteBestPsnrIsSavedAndRestored()
    {
        // A network that reproduces every validation image exactly scores +infinity.
        var folder = Path.Combine(Path.GetTempPath(), "superres-checkpoint-" + Guid.NewGuid().ToString("N"), "state");
        try
        {
            torch.manual_seed(3);
            using var network = new Espcn(2, new EspcnOptions { FirstFeatures = 4, SecondFeatures = 2 });
            using var optimizer = new ParameterOptimizer(network.parameters(), TrainingOptimizer.Adam, 1e-3);
            CheckpointPart[] parts = [new("network", network, optimizer)];
            var state = new TrainingState("run", 7, double.PositiveInfinity, 6, [new CurvePoint(6, 0.5, 1e-3, double.PositiveInfinity)], 0.25, 1);

            TrainingCheckpoint.Save(folder, state, parts);
            var restored = TrainingCheckpoint.Load(folder, "run", parts);

            Assert.That(restored, Is.Not.Null);
            Assert.That((restored!.Iteration, restored.BestPsnr, restored.OpenLossSum, restored.OpenLossCount), Is.EqualTo((7L, double.PositiveInfinity, 0.25, 1)));
            Assert.That(restored.Curve, Is.EqualTo(state.Curve));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}

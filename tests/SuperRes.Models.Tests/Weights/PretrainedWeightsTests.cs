using NUnit.Framework;
using SuperRes.Models.Weights;

namespace SuperRes.Models.Tests.Weights;

public sealed class PretrainedWeightsTests
{
    [Test]
    public void Resource_names_follow_the_model_and_scale()
    {
        Assert.That(PretrainedWeights.ResourceName("espcn", 3), Is.EqualTo("weights/espcn_x3.safetensors"));
        Assert.That(PretrainedWeights.ResourceName("FSRCNN", 2), Is.EqualTo("weights/fsrcnn_x2.safetensors"));
    }

    [Test]
    public void Absent_weights_open_as_null()
    {
        Assert.That(PretrainedWeights.TryOpen("no-such-model", 2), Is.Null);
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => PretrainedWeights.TryOpen(" ", 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PretrainedWeights.TryOpen("espcn", 0));
    }

    [Test]
    public void Every_embedded_weights_file_is_valid_and_named_after_its_metadata()
    {
        var assembly = typeof(PretrainedWeights).Assembly;
        var names = assembly.GetManifestResourceNames().Where(name => name.StartsWith("weights/", StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
        {
            Assert.Ignore("No pretrained weights are embedded yet.");
        }

        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var file = SafeTensorsFile.Read(stream);
            var metadata = WeightsMetadata.Parse(file.Metadata);
            Assert.That(name, Is.EqualTo(PretrainedWeights.ResourceName(metadata.Architecture, metadata.Scale)));
        }
    }
}

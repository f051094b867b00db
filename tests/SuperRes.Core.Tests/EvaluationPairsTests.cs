using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class EvaluationPairsTests
{
    [Test]
    public void AnotherDegradationGetsTheImageCroppedToAMultipleOfTheScaleAndItsResultIsTheLowResolution()
    {
        var image = new PlanarImage(37, 29, 1, levels: 255);
        PlanarImage? seen = null;
        var made = new PlanarImage(12, 9, 1, levels: 255);

        var pair = EvaluationPairs.Create(image, 3, cropped =>
        {
            seen = cropped;
            return made;
        });

        Assert.That((seen!.Width, seen.Height), Is.EqualTo((36, 27)), "modcrop keeps 36 of 37 columns and 27 of 29 rows");
        Assert.That(pair.HighResolution, Is.SameAs(seen));
        Assert.That(pair.LowResolution, Is.SameAs(made));
        Assert.That(pair.Scale, Is.EqualTo(3));
    }

    [Test]
    public void ADegradationThatMakesAnotherSizeIsNamed()
    {
        var image = new PlanarImage(36, 27, 1, levels: 255);

        var error = Assert.Throws<InvalidOperationException>(() => EvaluationPairs.Create(image, 3, _ => new PlanarImage(18, 13, 1)));

        Assert.That(error!.Message, Does.Contain("made 18x13 from 36x27; x3 needs 12x9"));
    }
}

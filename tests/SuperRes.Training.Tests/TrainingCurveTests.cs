using NUnit.Framework;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Training.Tests;

public class TrainingCurveTests
{
    private static readonly CurvePoint[] Points =
    [
        new(100, 0.1, 1e-3, null),
        new(200, 0.05, 1e-3, 30.5),
        new(300, 0.02, 5e-4, 31.25),
    ];

    [Test]
    public void CsvHasOneRowPerPointAndEmptyPsnrWhereNotValidated()
    {
        var path = Path.GetTempFileName();
        try
        {
            TrainingCurve.WriteCsv(path, Points);
            Assert.That(File.ReadAllLines(path), Is.EqualTo(new[]
            {
                "iteration,loss,lr,val_psnr",
                "100,0.1,0.001,",
                "200,0.05,0.001,30.5000",
                "300,0.02,0.0005,31.2500",
            }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void PlotDrawsLossAboveAndPsnrBelow()
    {
        using var image = TrainingCurve.Plot(Points, 400, 300);
        var loss = new Rgb24(31, 119, 180);
        var psnr = new Rgb24(214, 39, 40);
        var lossRows = new List<int>();
        var psnrRows = new List<int>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y].Equals(loss))
                {
                    lossRows.Add(y);
                }
                else if (image[x, y].Equals(psnr))
                {
                    psnrRows.Add(y);
                }
            }
        }

        Assert.That(lossRows, Is.Not.Empty);
        Assert.That(psnrRows, Is.Not.Empty);
        Assert.That(lossRows.Max(), Is.LessThan(psnrRows.Min()), "the loss panel is above the PSNR panel");

        // Panels span x = 30 .. 370 for iterations 0 .. 300. The loss falls, so its line ends lower (larger y)
        // than it starts; the PSNR rises, so its line ends higher.
        Assert.That(RowAt(image, loss, 143), Is.LessThan(RowAt(image, loss, 370)));
        Assert.That(RowAt(image, psnr, 257), Is.GreaterThan(RowAt(image, psnr, 370)));
    }

    private static int RowAt(SixLabors.ImageSharp.Image<Rgb24> image, Rgb24 colour, int x) =>
        Enumerable.Range(0, image.Height).First(y => image[x, y].Equals(colour));
}

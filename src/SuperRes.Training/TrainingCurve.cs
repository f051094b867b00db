using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Training;

/// <summary>One point of a training curve.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Loss">The mean training loss over the iterations since the previous point.</param>
/// <param name="LearningRate">The learning rate at this iteration.</param>
/// <param name="ValidationPsnr">The validation PSNR in dB when validation ran at this iteration, else null.</param>
public sealed record CurvePoint(long Iteration, double Loss, double LearningRate, double? ValidationPsnr);

/// <summary>Writes training curves as CSV and as a plot: training loss (log scale, top) and validation PSNR (bottom) against iterations.</summary>
public static class TrainingCurve
{
    private static readonly Rgb24 Background = new(255, 255, 255);
    private static readonly Rgb24 Axis = new(0, 0, 0);
    private static readonly Rgb24 Grid = new(225, 225, 225);
    private static readonly Rgb24 LossColour = new(31, 119, 180);
    private static readonly Rgb24 PsnrColour = new(214, 39, 40);

    /// <summary>Writes <c>iteration,loss,lr,val_psnr</c> rows (val_psnr empty where validation did not run), invariant culture.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="points">The points, in iteration order.</param>
    public static void WriteCsv(string path, IEnumerable<CurvePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var text = new StringBuilder("iteration,loss,lr,val_psnr\n");
        foreach (var p in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Iteration},{p.Loss:R},{p.LearningRate:R},{p.ValidationPsnr?.ToString("F4", CultureInfo.InvariantCulture)}\n");
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Draws the curves, pixel by pixel: two panels with axes, a light grid of fifths and the polylines with a mark at each point. Each panel's value range is its data's.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="points">The points, in iteration order.</param>
    /// <param name="width">Image width, at least 100.</param>
    /// <param name="height">Image height, at least 100.</param>
    public static void WritePlot(string path, IReadOnlyList<CurvePoint> points, int width = 800, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var image = Plot(points, width, height);
        AtomicFile.Write(path, image.SaveAsPng);
    }

    /// <summary>Draws the plot that <see cref="WritePlot"/> saves.</summary>
    internal static Image<Rgb24> Plot(IReadOnlyList<CurvePoint> points, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        var image = new Image<Rgb24>(width, height, Background);
        const int margin = 30;
        var panelHeight = (height - (3 * margin)) / 2;
        var maxIteration = Math.Max(1, points.Count == 0 ? 1 : points[^1].Iteration);
        var losses = points.Where(p => p.Loss > 0 && double.IsFinite(p.Loss)).Select(p => (p.Iteration, Math.Log10(p.Loss))).ToList();
        var psnrs = points.Where(p => p.ValidationPsnr is { } v && double.IsFinite(v)).Select(p => (p.Iteration, p.ValidationPsnr!.Value)).ToList();
        DrawPanel(image, new Rectangle(margin, margin, width - (2 * margin), panelHeight), maxIteration, losses, LossColour);
        DrawPanel(image, new Rectangle(margin, (2 * margin) + panelHeight, width - (2 * margin), panelHeight), maxIteration, psnrs, PsnrColour);
        return image;
    }

    private static void DrawPanel(Image<Rgb24> image, Rectangle panel, long maxIteration, IReadOnlyList<(long X, double Y)> series, Rgb24 colour)
    {
        for (var i = 1; i <= 4; i++)
        {
            var x = panel.Left + (panel.Width * i / 5);
            var y = panel.Top + (panel.Height * i / 5);
            DrawLine(image, x, panel.Top, x, panel.Bottom, Grid);
            DrawLine(image, panel.Left, y, panel.Right, y, Grid);
        }

        DrawLine(image, panel.Left, panel.Bottom, panel.Right, panel.Bottom, Axis);
        DrawLine(image, panel.Left, panel.Top, panel.Left, panel.Bottom, Axis);
        if (series.Count == 0)
        {
            return;
        }

        double low = series.Min(p => p.Y), high = series.Max(p => p.Y);
        var span = high > low ? high - low : 1;
        (int X, int Y) ToPixel((long X, double Y) p) => (
            panel.Left + (int)Math.Round(panel.Width * (double)p.X / maxIteration),
            panel.Bottom - (int)Math.Round(panel.Height * (p.Y - low) / span));
        var previous = ToPixel(series[0]);
        foreach (var point in series)
        {
            var current = ToPixel(point);
            DrawLine(image, previous.X, previous.Y, current.X, current.Y, colour);

            // A small square per point: validation runs are sparse, and a single one draws no line.
            for (var d = -2; d <= 2; d++)
            {
                DrawLine(image, current.X - 2, current.Y + d, current.X + 2, current.Y + d, colour);
            }

            previous = current;
        }
    }

    // Bresenham's line, clipped to the image.
    private static void DrawLine(Image<Rgb24> image, int x0, int y0, int x1, int y1, Rgb24 colour)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        while (true)
        {
            if (x0 >= 0 && y0 >= 0 && x0 < image.Width && y0 < image.Height)
            {
                image[x0, y0] = colour;
            }

            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var doubled = 2 * error;
            if (doubled >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (doubled <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }
}

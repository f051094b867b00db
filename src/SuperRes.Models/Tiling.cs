using SixLabors.ImageSharp;

namespace SuperRes.Models;

/// <summary>One piece of a tiled network pass.</summary>
/// <param name="Region">The rectangle of the input that goes through the network: the core plus the overlap margin, cut off at the image borders unless the image is mirrored beyond them.</param>
/// <param name="Core">The rectangle of the input whose output this tile writes; the cores partition the image.</param>
internal readonly record struct Tile(Rectangle Region, Rectangle Core);

/// <summary>Splits an image into tiles whose cores cover it exactly once.</summary>
internal static class Tiling
{
    /// <summary>Plans the tiles for a <paramref name="width"/> x <paramref name="height"/> input, row by row.</summary>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <param name="tileSize">The largest region side, margins included; 0 for one tile covering the image.</param>
    /// <param name="overlap">The margin around each core; <paramref name="tileSize"/> must exceed twice it.</param>
    /// <param name="beyondBorders">Whether regions keep their margin beyond the image borders (read from a mirrored image).</param>
    /// <returns>The tiles.</returns>
    public static IReadOnlyList<Tile> Plan(int width, int height, int tileSize, int overlap, bool beyondBorders)
    {
        var columns = Intervals(width, tileSize, overlap, beyondBorders);
        var rows = Intervals(height, tileSize, overlap, beyondBorders);
        var tiles = new List<Tile>(columns.Count * rows.Count);
        foreach (var (rowRegion, rowCore) in rows)
        {
            foreach (var (columnRegion, columnCore) in columns)
            {
                tiles.Add(new Tile(
                    new Rectangle(columnRegion.Start, rowRegion.Start, columnRegion.Length, rowRegion.Length),
                    new Rectangle(columnCore.Start, rowCore.Start, columnCore.Length, rowCore.Length)));
            }
        }

        return tiles;
    }

    private static List<(Interval Region, Interval Core)> Intervals(int length, int tileSize, int overlap, bool beyondBorders)
    {
        if (tileSize == 0 || tileSize >= length + (beyondBorders ? 2 * overlap : 0))
        {
            return [(beyondBorders ? new Interval(-overlap, length + (2 * overlap)) : new Interval(0, length), new Interval(0, length))];
        }

        // A region is its core widened by the overlap on both sides, so tileSize - 2 overlap is what each tile adds.
        var step = tileSize - (2 * overlap);
        var intervals = new List<(Interval, Interval)>();
        for (var start = 0; start < length; start += step)
        {
            var end = Math.Min(start + step, length);
            var regionStart = beyondBorders ? start - overlap : Math.Max(start - overlap, 0);
            var regionEnd = beyondBorders ? end + overlap : Math.Min(end + overlap, length);
            intervals.Add((new Interval(regionStart, regionEnd - regionStart), new Interval(start, end - start)));
        }

        return intervals;
    }

    private readonly record struct Interval(int Start, int Length);
}

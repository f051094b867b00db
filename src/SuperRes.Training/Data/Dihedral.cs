namespace SuperRes.Training.Data;

/// <summary>
/// The 8 symmetries of a square (rotations by multiples of 90 degrees, with and without a flip), the standard
/// SR augmentation. Transform t combines a transpose (bit 4), a vertical flip (bit 2) and a horizontal flip
/// (bit 1); 0 is the identity.
/// </summary>
public static class Dihedral
{
    /// <summary>The number of transforms.</summary>
    public const int Count = 8;

    /// <summary>
    /// Copies the <paramref name="size"/> x <paramref name="size"/> window at (<paramref name="x"/>, <paramref name="y"/>)
    /// of <paramref name="plane"/>, transformed by <paramref name="transform"/>, into <paramref name="destination"/> (row-major).
    /// </summary>
    /// <param name="plane">A row-major plane <paramref name="planeWidth"/> values wide.</param>
    /// <param name="planeWidth">The plane's width.</param>
    /// <param name="x">The window's left column.</param>
    /// <param name="y">The window's top row.</param>
    /// <param name="size">The window's side.</param>
    /// <param name="transform">0 to 7.</param>
    /// <param name="destination">size x size values.</param>
    public static void CopyWindow(ReadOnlySpan<float> plane, int planeWidth, int x, int y, int size, int transform, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transform);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(transform, Count);
        bool flipX = (transform & 1) != 0, flipY = (transform & 2) != 0, transpose = (transform & 4) != 0;
        var last = size - 1;
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                var (r, c) = transpose ? (column, row) : (row, column);
                r = flipY ? last - r : r;
                c = flipX ? last - c : c;
                destination[(row * size) + column] = plane[((y + r) * planeWidth) + x + c];
            }
        }
    }
}

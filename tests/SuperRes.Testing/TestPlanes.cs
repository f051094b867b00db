using SuperRes.Imaging;

namespace SuperRes.Testing;

/// <summary>Synthetic planar images shared by the test projects.</summary>
public static class TestPlanes
{
    /// <summary>A constant 8-bit image: every value of every plane is <paramref name="level"/> / 255.</summary>
    public static PlanarImage Constant(int width, int height, int planes, int level)
    {
        var image = new PlanarImage(width, height, planes, levels: 255);
        for (var p = 0; p < planes; p++)
        {
            image.GetPlane(p).Fill(level / 255f);
        }

        return image;
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Imaging;

/// <summary>Conversions between <see cref="PlanarImage"/> and TorchSharp tensors (NCHW, float32, values in [0, 1]).</summary>
public static class PlanarImageTensors
{
    /// <summary>Copies the colour planes (not alpha) into a new float32 tensor of shape [1, planes, height, width].</summary>
    /// <param name="image">The image.</param>
    /// <param name="device">Where the tensor lives; the CPU when null.</param>
    /// <returns>A new tensor; the caller owns it (dispose it or create it inside a dispose scope).</returns>
    public static Tensor ToTensor(this PlanarImage image, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = image.Width * image.Height;
        var data = new float[image.ColorPlanes * pixels];
        for (var p = 0; p < image.ColorPlanes; p++)
        {
            image.GetPlane(p).CopyTo(data.AsSpan(p * pixels, pixels));
        }

        var tensor = torch.tensor(data, new long[] { 1, image.ColorPlanes, image.Height, image.Width });
        return device is null || device.type == DeviceType.CPU ? tensor : tensor.to(device);
    }

    /// <summary>Creates an image from a tensor of shape [1, C, H, W] or [C, H, W] with C = 1 or 3.</summary>
    /// <param name="tensor">A floating-point tensor with values nominally in [0, 1]; it is not modified.</param>
    /// <param name="levels">The <see cref="PlanarImage.Levels"/> of the result; values are rounded to them when not 0.</param>
    /// <returns>A new image, values clamped to [0, 1].</returns>
    public static PlanarImage ToPlanarImage(this Tensor tensor, int levels = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.shape;
        if (shape.Length == 4 && shape[0] != 1)
        {
            throw new ArgumentException($"Expected a batch of one image, got a batch of {shape[0]}.", nameof(tensor));
        }

        if (shape.Length is not (3 or 4) || shape[^3] is not (1 or 3))
        {
            throw new ArgumentException($"Expected a [1, C, H, W] or [C, H, W] tensor with C = 1 or 3; got [{string.Join(", ", shape)}].", nameof(tensor));
        }

        int planes = (int)shape[^3], height = (int)shape[^2], width = (int)shape[^1];
        using var scope = torch.NewDisposeScope();
        var values = UnitInterval.Clamp(tensor.detach().to(ScalarType.Float32, torch.CPU)).contiguous().data<float>().ToArray();
        var image = new PlanarImage(width, height, planes, levels: levels);
        var pixels = width * height;
        for (var p = 0; p < planes; p++)
        {
            var plane = image.GetPlane(p);
            values.AsSpan(p * pixels, pixels).CopyTo(plane);
            if (levels != 0)
            {
                for (var i = 0; i < plane.Length; i++)
                {
                    plane[i] = PlanarImage.Quantize(plane[i], levels);
                }
            }
        }

        return image;
    }
}

using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;

namespace SuperRes.Fuzzing.Tests;

/// <summary>What a seed file is, so that the mutator can edit its header fields.</summary>
internal enum SeedKind
{
    Png,
    Jpeg,
    Bmp,
    Gif,
    SafeTensors,
}

/// <summary>A valid file for the fuzzer to mutate.</summary>
internal sealed record Seed(SeedKind Kind, string Description, byte[] Bytes);

/// <summary>Builds valid seed files of every kind the fuzzer feeds to the library, from a random generator.</summary>
internal static class Seeds
{
    private static readonly (string Name, IImageEncoder Encoder, Func<Image<Rgba32>, Image> Convert)[] ImageEncodings =
    [
        ("png rgb", new PngEncoder { ColorType = PngColorType.Rgb }, image => image.CloneAs<Rgb24>()),
        ("png rgba", new PngEncoder { ColorType = PngColorType.RgbWithAlpha }, image => image.CloneAs<Rgba32>()),
        ("png grey 16-bit", new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 }, image => image.CloneAs<L16>()),
        ("png grey+alpha", new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha }, image => image.CloneAs<La16>()),
        ("png rgb 16-bit", new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 }, image => image.CloneAs<Rgb48>()),
        ("png palette", new PngEncoder { ColorType = PngColorType.Palette }, image => image.CloneAs<Rgba32>()),
        ("png interlaced", new PngEncoder { ColorType = PngColorType.Rgb, InterlaceMethod = PngInterlaceMode.Adam7 }, image => image.CloneAs<Rgb24>()),
        ("jpeg colour", new JpegEncoder { Quality = 80 }, image => image.CloneAs<Rgb24>()),
        ("jpeg grey", new JpegEncoder { Quality = 90, ColorType = JpegColorType.Luminance }, image => image.CloneAs<L8>()),
        ("bmp 24-bit", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }, image => image.CloneAs<Rgb24>()),
        ("bmp 32-bit", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32, SupportTransparency = true }, image => image.CloneAs<Rgba32>()),
        ("bmp 8-bit palette", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }, image => image.CloneAs<Rgb24>()),
        ("gif", new GifEncoder(), image => image.CloneAs<Rgba32>()),
    ];

    /// <summary>The small network whose weights files are fuzzed: ESPCN x2 with 4 and 2 features.</summary>
    public static Espcn CreateNetwork() => new(2, new EspcnOptions { FirstFeatures = 4, SecondFeatures = 2 });

    /// <summary>Returns a fixed set of seeds: every image encoding at a few sizes, and weights files in every dtype.</summary>
    public static IReadOnlyList<Seed> Create(int seed)
    {
        var random = new Random(seed);
        var seeds = new List<Seed>();
        foreach (var (name, encoder, convert) in ImageEncodings)
        {
            foreach (var (width, height) in new[] { (1, 1), (random.Next(2, 12), random.Next(2, 12)), (random.Next(12, 40), random.Next(12, 40)) })
            {
                using var rgba = Noise(width, height, random);
                using var image = convert(rgba);
                using var stream = new MemoryStream();
                image.Save(stream, encoder);
                seeds.Add(new Seed(KindOf(name), $"{name} {width}x{height}", stream.ToArray()));
            }
        }

        using var network = CreateNetwork();
        using (var stream = new MemoryStream())
        {
            network.SaveWeights(stream, new WeightsMetadata("espcn", 2, ColorMode.Y));
            seeds.Add(new Seed(SeedKind.SafeTensors, "espcn weights F32", stream.ToArray()));
        }

        seeds.Add(new Seed(SeedKind.SafeTensors, "tensors in F16, BF16 and F64", MixedDtypes(random)));
        return seeds;
    }

    private static SeedKind KindOf(string name) => name.Split(' ')[0] switch
    {
        "png" => SeedKind.Png,
        "jpeg" => SeedKind.Jpeg,
        "bmp" => SeedKind.Bmp,
        _ => SeedKind.Gif,
    };

    private static Image<Rgba32> Noise(int width, int height, Random random)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Smooth gradients plus noise, so that the encoders use their whole range of codes.
                var v = (byte)((x * 255 / width) ^ random.Next(32));
                image[x, y] = new Rgba32(v, (byte)(y * 255 / height), (byte)random.Next(256), (byte)random.Next(128, 256));
            }
        }

        return image;
    }

    /// <summary>A hand-built safetensors file with one tensor of each dtype the library widens, and metadata.</summary>
    private static byte[] MixedDtypes(Random random)
    {
        var data = new MemoryStream();
        var header = new StringBuilder("{\"__metadata__\":{\"format_version\":\"1\",\"architecture\":\"espcn\",\"scale\":\"2\",\"color_mode\":\"Y\"}");
        foreach (var (dtype, size) in new[] { ("F16", 2), ("BF16", 2), ("F64", 8) })
        {
            var count = random.Next(1, 6);
            var begin = data.Length;
            for (var i = 0; i < count; i++)
            {
                var value = (random.NextDouble() * 2) - 1;
                var bytes = new byte[size];
                switch (dtype)
                {
                    case "F16": BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)value); break;
                    case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(BitConverter.SingleToUInt32Bits((float)value) >> 16)); break;
                    default: BinaryPrimitives.WriteDoubleLittleEndian(bytes, value); break;
                }

                data.Write(bytes);
            }

            header.Append($",\"{dtype.ToLowerInvariant()}\":{{\"dtype\":\"{dtype}\",\"shape\":[{count}],\"data_offsets\":[{begin},{data.Length}]}}");
        }

        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var file = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)headerBytes.Length);
        headerBytes.CopyTo(file, 8);
        data.ToArray().CopyTo(file, 8 + headerBytes.Length);
        return file;
    }
}

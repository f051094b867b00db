using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class SuperResolverExtensionsTests
{
    private static readonly ISuperResolver Bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 3);
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-tests").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void SixteenBitGreyPngComesBackAsSixteenBitGreyPngThreeTimesLarger()
    {
        var input = Path.Combine(_folder, "in.png");
        using (var image = new Image<L16>(4, 5, new L16(40000)))
        {
            image.SaveAsPng(input, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        }

        var output = Path.Combine(_folder, "out.png");
        Bicubic.UpscaleFile(input, output);

        var info = Image.Identify(output);
        Assert.That((info.Width, info.Height), Is.EqualTo((12, 15)));
        Assert.That(info.Metadata.GetPngMetadata().ColorType, Is.EqualTo(PngColorType.Grayscale));
        Assert.That(info.Metadata.GetPngMetadata().BitDepth, Is.EqualTo(PngBitDepth.Bit16));
        using var result = Image.Load<L16>(output);
        Assert.That(result[7, 7].PackedValue, Is.EqualTo(40000));
        Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(2), "no temporary file is left");
    }

    [Test]
    public void StreamKeepsTheInputFormat()
    {
        using var input = new MemoryStream();
        using (var image = new Image<Rgb24>(4, 4, new Rgb24(10, 20, 30)))
        {
            image.SaveAsBmp(input);
        }

        input.Position = 0;
        using var output = new MemoryStream();
        var format = Bicubic.Upscale(input, output);

        Assert.That(format.Name, Is.EqualTo("BMP"));
        output.Position = 0;
        Assert.That(Image.DetectFormat(output)?.Name, Is.EqualTo("BMP"));
    }

    [TestCase("in.png", "out.jpg", "JPEG")]
    [TestCase("in.jpg", "out.png", "PNG")]
    [TestCase("in.png", "out.bmp", "BMP")]
    public void TheOutputExtensionChoosesTheFormatAndTheInputIsReadAsWhatItIs(string inputName, string outputName, string expectedFormat)
    {
        var input = Path.Combine(_folder, inputName);
        using (var image = new Image<Rgb24>(6, 4, new Rgb24(200, 100, 50)))
        {
            image.Save(input);
        }

        var output = Path.Combine(_folder, outputName);
        Bicubic.UpscaleFile(input, output);

        using var stream = File.OpenRead(output);
        Assert.That(Image.DetectFormat(stream)?.Name, Is.EqualTo(expectedFormat));
        stream.Position = 0;
        using var result = Image.Load<Rgb24>(stream);
        Assert.That((result.Width, result.Height), Is.EqualTo((18, 12)));

        // A constant image stays constant; JPEG may move each channel by a few levels.
        var centre = result[9, 6];
        Assert.That(new[] { centre.R, centre.G, centre.B }, Is.EqualTo(new byte[] { 200, 100, 50 }).Within(4));
    }

    [TestCase("bmp")]
    [TestCase("tga")]
    public void AlphaOfAThirtyTwoBitBmpOrTgaSurvives(string extension)
    {
        // Opaque on the left half, transparent on the right: ImageSharp 2.1 reports no alpha in these headers.
        var input = Path.Combine(_folder, "in." + extension);
        using (var image = new Image<Rgba32>(6, 4))
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgba32(30, 60, 90, x < 3 ? byte.MaxValue : byte.MinValue);
                    }
                }
            });
            image.Save(input, extension == "bmp" ? new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32, SupportTransparency = true } : new TgaEncoder { BitsPerPixel = TgaBitsPerPixel.Pixel32 });
        }

        var output = Path.Combine(_folder, "out." + extension);
        Bicubic.UpscaleFile(input, output);

        using var result = Image.Load<Rgba32>(output);
        Assert.That((result.Width, result.Height), Is.EqualTo((18, 12)));
        Assert.That((result[0, 5].A, result[17, 5].A), Is.EqualTo((byte.MaxValue, byte.MinValue)));
        Assert.That((result[0, 5].R, result[0, 5].G, result[0, 5].B), Is.EqualTo(((byte)30, (byte)60, (byte)90)));
    }

    [TestCase(PngColorType.Rgb, PngColorType.RgbWithAlpha)]
    [TestCase(PngColorType.Grayscale, PngColorType.GrayscaleWithAlpha)]
    public void APngTransparentColourBecomesAnAlphaChannel(PngColorType inputType, PngColorType expectedType)
    {
        // A tRNS chunk marks black transparent; the left half is black, the right half grey 200.
        var input = Path.Combine(_folder, "in.png");
        File.WriteAllBytes(input, PngWithTransparentBlack(6, 4, colour: inputType == PngColorType.Rgb, x => x < 3 ? (byte)0 : (byte)200));

        using (var decoded = Image.Load<Rgba32>(input))
        {
            Assert.That((decoded[0, 0].A, decoded[5, 0].A), Is.EqualTo((byte.MinValue, byte.MaxValue)), "the input has its transparent colour");
        }

        var output = Path.Combine(_folder, "out.png");
        Bicubic.UpscaleFile(input, output);

        Assert.That(Image.Identify(output).Metadata.GetPngMetadata().ColorType, Is.EqualTo(expectedType));
        using var result = Image.Load<Rgba32>(output);
        Assert.That((result[0, 5].A, result[17, 5].A), Is.EqualTo((byte.MinValue, byte.MaxValue)));
        Assert.That(result[17, 5].R, Is.EqualTo(200));
    }

    // An 8-bit PNG, RGB or grey, whose pixel (x, y) has every channel at value(x) and whose tRNS chunk makes 0 transparent.
    private static byte[] PngWithTransparentBlack(int width, int height, bool colour, Func<int, byte> value)
    {
        var channels = colour ? 3 : 1;
        using var pixels = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(pixels, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                for (var x = 0; x < width * channels; x++)
                {
                    zlib.WriteByte(value(x / channels));
                }
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = [0, 0, 0, (byte)width, 0, 0, 0, (byte)height, 8, (byte)(colour ? 2 : 0), 0, 0, 0];
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "tRNS", new byte[2 * channels]);
        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        png.Write(BigEndian((uint)data.Length));
        png.Write(typed);
        png.Write(BigEndian(~crc));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    [TestCase("out")]
    [TestCase("out.")]
    public void AnOutputWithoutAnExtensionIsWrittenInTheInputsFormat(string outputName)
    {
        var input = Path.Combine(_folder, "in.bmp");
        using (var image = new Image<Rgb24>(2, 2))
        {
            image.SaveAsBmp(input);
        }

        var output = Path.Combine(_folder, outputName);
        Bicubic.UpscaleFile(input, output);

        using var stream = File.OpenRead(output);
        Assert.That(Image.DetectFormat(stream)?.Name, Is.EqualTo("BMP"));
    }

    [Test]
    public void AFolderAsTheOutputIsRefusedNamingIt()
    {
        var input = Path.Combine(_folder, "in.png");
        using (var image = new Image<Rgb24>(2, 2))
        {
            image.SaveAsPng(input);
        }

        var output = Directory.CreateDirectory(Path.Combine(_folder, "out.png")).FullName;

        Assert.That(() => Bicubic.UpscaleFile(input, output, overwrite: true), Throws.TypeOf<IOException>().With.Message.Contains("is a folder"));
        Assert.That(Directory.GetFileSystemEntries(output), Is.Empty);
    }

    [Test]
    public void AStreamIsReadFromItsCurrentPosition()
    {
        using var input = new MemoryStream();
        input.Write("HEADER----"u8);
        using (var image = new Image<Rgb24>(4, 4, new Rgb24(10, 20, 30)))
        {
            image.SaveAsPng(input);
        }

        input.Position = 10;
        using var output = new MemoryStream();
        Bicubic.Upscale(input, output);

        output.Position = 0;
        using var result = Image.Load<Rgb24>(output);
        Assert.That((result.Width, result[6, 6]), Is.EqualTo((12, new Rgb24(10, 20, 30))));
    }

    [Test]
    public void AnExistingOutputIsNotOverwrittenUnlessAsked()
    {
        var input = Path.Combine(_folder, "in.png");
        using (var image = new Image<Rgb24>(2, 2))
        {
            image.SaveAsPng(input);
        }

        var output = Path.Combine(_folder, "out.png");
        File.WriteAllText(output, "keep me");

        Assert.That(() => Bicubic.UpscaleFile(input, output), Throws.TypeOf<IOException>().With.Message.Contains("already exists"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("keep me"));
        Bicubic.UpscaleFile(input, output, overwrite: true);
        Assert.That(Image.Identify(output).Width, Is.EqualTo(6));
    }

    [Test]
    public void ATruncatedPngFailsClearlyAndLeavesNoOutput()
    {
        var input = Path.Combine(_folder, "in.png");
        using (var image = new Image<Rgb24>(64, 64, new Rgb24(1, 2, 3)))
        {
            image.SaveAsPng(input);
        }

        var bytes = File.ReadAllBytes(input);
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);
        var output = Path.Combine(_folder, "out.png");

        Assert.That(() => Bicubic.UpscaleFile(input, output), Throws.InstanceOf<ImageFormatException>());
        Assert.That(Directory.GetFiles(_folder), Is.EquivalentTo(new[] { input }));
    }
}

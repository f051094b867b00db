using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Core.Tests;
using SuperRes.Interpolation;

namespace SuperRes.Sample.WebApi.Tests;

/// <summary>The sample served by a real Kestrel on a free loopback port, configured as an operator would, on the command line.</summary>
public class UpscaleApiTests
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = UpscaleApi.Create(["--urls", "http://127.0.0.1:0", "--SuperResolution:Scale", "3", "--Upscale:MaxRequestBodyBytes", "20000", "--SuperResolution:Limits:MaxInputPixels", "10000"]);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task PngComesBackAsPngThreeTimesLargerWithTheConfiguredResolver()
    {
        using var image = TestImages.Noise(16, 12, colorPlanes: 3, seed: 11, levels: 255, hasAlpha: true).ToImage<Rgba32>();

        using var response = await PostAsync(Png(image));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        using var actual = Image.Load<Rgba32>(await response.Content.ReadAsByteArrayAsync());
        using var expected = new InterpolationResolver(InterpolationMethod.Bicubic, 3).Upscale(image);
        Assert.That((actual.Width, actual.Height), Is.EqualTo((48, 36)));
        Assert.That(Pixels(actual), Is.EqualTo(Pixels(expected)));
    }

    [Test]
    public async Task JpegComesBackAsJpeg()
    {
        using var image = TestImages.Noise(10, 8, colorPlanes: 3, seed: 12, levels: 255).ToImage<Rgb24>();
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });

        using var response = await PostAsync(jpeg.ToArray());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
        Assert.That((info.Width, info.Height), Is.EqualTo((30, 24)));
    }

    [Test]
    public async Task BodyOverTheLimitIsRefusedWith413NamingTheLimit()
    {
        using var response = await PostAsync(new byte[20001]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("The body exceeds the 20,000-byte limit (Upscale:MaxRequestBodyBytes)."));
    }

    [Test]
    public async Task ImageWithTooManyPixelsIsRefusedWith413NamingItsSize()
    {
        // 101 x 100 = 10100 pixels, one row over the configured 10000; a flat PNG stays far under the byte limit.
        using var image = new Image<L8>(101, 100);

        using var response = await PostAsync(Png(image));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("101x100").And.Contain("10,000-pixel input limit"));
        Assert.That(SuperResLimits.Default.MaxInputPixels, Is.EqualTo(50_000_000), "binding the configured limits changed the shared defaults");
    }

    [Test]
    public async Task InterlacedPngIsRefusedWith415SayingWhy()
    {
        using var image = new Image<Rgb24>(4, 4);
        using var png = new MemoryStream();
        image.SaveAsPng(png, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });

        using var response = await PostAsync(png.ToArray());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("interlaced"));
    }

    [Test]
    public async Task PngWhoseLastChunkRunsPastTheEndIsRefusedWith400()
    {
        using var image = new Image<Rgb24>(4, 4);
        var png = Png(image);
        // IEND's length field, 12 bytes from the end: ImageSharp 2.1 alone would search the body for a chunk forever.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(png.Length - 12), 1000);

        using var response = await PostAsync(png);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("'IEND'").And.Contain("truncated"));
    }

    [Test]
    public async Task BodyThatIsNoImageIsRefusedWith415()
    {
        using var response = await PostAsync("not an image"u8.ToArray());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await _client.PostAsync("/upscale", content);
    }

    private static byte[] Png<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }

    private static Rgba32[] Pixels(Image<Rgba32> image)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SixLabors.ImageSharp;
using SuperRes.Extensions.DependencyInjection;

namespace SuperRes.Sample.WebApi;

/// <summary>The web API: <c>POST /upscale</c> with an image as the body returns the upscaled image in the same format.</summary>
public static class UpscaleApi
{
    /// <summary>
    /// Builds the application from command-line arguments and configuration: section <c>SuperResolution</c> chooses
    /// the resolver and, in <c>SuperResolution:Limits</c>, the largest images it accepts; <c>Upscale:MaxRequestBodyBytes</c>
    /// caps the request body.
    /// </summary>
    /// <param name="args">Command-line arguments, for example <c>--urls http://127.0.0.1:5080 --SuperResolution:Scale 3</c>.</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSuperResolution();
        builder.Services.Configure<SuperResolutionOptions>(builder.Configuration.GetSection("SuperResolution"));
        var limits = builder.Configuration.GetSection("Upscale").Get<UpscaleLimits>() ?? new UpscaleLimits();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        var app = builder.Build();
        app.MapPost("/upscale", Upscale);
        return app;
    }

    // The resolver reads the header and checks the size against its limits before it decodes any pixels, and
    // refuses the PNGs that would hang ImageSharp 2.1's decoder, so the body goes to it unread.
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Upscale(HttpRequest request, ISuperResolver resolver, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return TypedResults.Problem(string.Create(CultureInfo.InvariantCulture, $"The body exceeds the {limit:N0}-byte limit (Upscale:MaxRequestBodyBytes)."), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        body.Position = 0;
        using var output = new MemoryStream();
        try
        {
            var format = resolver.Upscale(body, output, cancellationToken);
            return TypedResults.File(output.ToArray(), format.DefaultMimeType);
        }
        catch (UnknownImageFormatException)
        {
            return TypedResults.Problem("The body is not an image in a format ImageSharp 2.1 reads (PNG, JPEG, BMP, GIF, TGA, TIFF, WebP, PBM).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        catch (ImageTooLargeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (NotSupportedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        catch (ImageFormatException e)
        {
            return TypedResults.Problem($"The image is corrupt or truncated: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
    }
}

namespace SuperRes.Sample.WebApi;

/// <summary>How large a request may be, so that one client cannot exhaust the server; section <c>Upscale</c> in configuration.</summary>
public sealed class UpscaleLimits
{
    /// <summary>Gets or sets the largest request body, in bytes; Kestrel answers 413 beyond it.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gets or sets the most pixels an input may have; a small compressed file can still decode to a huge image.</summary>
    public long MaxInputPixels { get; set; } = 4_000_000;
}

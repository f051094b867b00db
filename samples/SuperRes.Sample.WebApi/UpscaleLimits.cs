namespace SuperRes.Sample.WebApi;

/// <summary>
/// How large a request body may be, so that one client cannot exhaust the server; section <c>Upscale</c> in
/// configuration. The image sizes the server accepts are the resolver's, in <c>SuperResolution:Limits</c>.
/// </summary>
public sealed class UpscaleLimits
{
    /// <summary>Gets or sets the largest request body, in bytes; Kestrel answers 413 beyond it.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;
}

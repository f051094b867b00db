namespace SuperRes.Metrics;

/// <summary>A figure a paper reports for a model on a benchmark dataset at one scale.</summary>
/// <param name="Model">The catalog name of the model (<c>bicubic</c>, <c>srcnn</c>, <c>edsr</c>, ...).</param>
/// <param name="Dataset">The dataset's folder name (<c>Set5</c>, <c>Set14</c>, <c>BSD100</c>).</param>
/// <param name="Scale">The scale factor.</param>
/// <param name="Psnr">The published mean PSNR in dB on the Y channel.</param>
/// <param name="Ssim">The published mean SSIM, or null where the source gives only PSNR.</param>
public sealed record PublishedScore(string Model, string Dataset, int Scale, double Psnr, double? Ssim);

/// <summary>
/// The published figures our evaluation is compared with, all under the same protocol (MATLAB bicubic LR, Y
/// channel, border = scale). Only figures taken verbatim from the papers' tables are listed; a model, dataset or
/// scale that is absent simply has no comparison.
/// </summary>
public static class PublishedScores
{
    private static readonly string[] Datasets = ["Set5", "Set14", "BSD100"];

    /// <summary>Gets every published figure.</summary>
    public static IReadOnlyList<PublishedScore> All { get; } =
    [
        // Bicubic as the VDSR paper's Table 3 reports it (Kim et al., CVPR 2016).
        .. Rows("bicubic", 2, [33.66, 30.24, 29.56], [0.9299, 0.8688, 0.8431]),
        .. Rows("bicubic", 3, [30.39, 27.55, 27.21], [0.8682, 0.7742, 0.7385]),
        .. Rows("bicubic", 4, [28.42, 26.00, 25.96], [0.8104, 0.7027, 0.6675]),

        // SRCNN 9-5-5 (Dong et al., TPAMI 2016) and FSRCNN (Dong et al., ECCV 2016), PSNR only.
        .. Rows("srcnn", 2, [36.66, 32.45, 31.36]),
        .. Rows("srcnn", 3, [32.75, 29.30, 28.41]),
        .. Rows("srcnn", 4, [30.48, 27.50, 26.90]),
        .. Rows("fsrcnn", 2, [37.05, 32.66, 31.53]),
        .. Rows("fsrcnn", 3, [33.18, 29.37, 28.53]),
        .. Rows("fsrcnn", 4, [30.72, 27.61, 26.98]),

        // ESPCN (Shi et al., CVPR 2016) reports x3 on Set5 and Set14 only.
        .. Rows("espcn", 3, [33.13, 29.49]),

        // VDSR (Kim et al., CVPR 2016), Table 3, PSNR.
        .. Rows("vdsr", 2, [37.53, 33.03, 31.90]),
        .. Rows("vdsr", 3, [33.66, 29.77, 28.82]),
        .. Rows("vdsr", 4, [31.35, 28.01, 27.29]),

        // EDSR, the full 32-block model (Lim et al., CVPRW 2017), Table 6 without self-ensemble; all nine cells
        // agree with the copies of that table in the AdderSR and ESRGAN (x4) READMEs.
        .. Rows("edsr", 2, [38.11, 33.92, 32.32], [0.9601, 0.9195, 0.9013]),
        .. Rows("edsr", 3, [34.65, 30.52, 29.25], [0.9282, 0.8462, 0.8093]),
        .. Rows("edsr", 4, [32.46, 28.80, 27.71], [0.8968, 0.7876, 0.7420]),
    ];

    /// <summary>Finds the published figure for a model, dataset and scale (names compared case-insensitively).</summary>
    /// <param name="model">The catalog name.</param>
    /// <param name="dataset">The dataset's folder name.</param>
    /// <param name="scale">The scale factor.</param>
    /// <returns>The figure, or null when no paper reports one.</returns>
    public static PublishedScore? Find(string model, string dataset, int scale)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        return All.FirstOrDefault(p => p.Scale == scale
            && string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Dataset, dataset, StringComparison.OrdinalIgnoreCase));
    }

    // One scale's row of a paper's table, Set5, Set14 and BSD100 in that order (shorter when the paper stops early).
    private static IEnumerable<PublishedScore> Rows(string model, int scale, double[] psnr, double[]? ssim = null) =>
        psnr.Select((value, i) => new PublishedScore(model, Datasets[i], scale, value, ssim?[i]));
}

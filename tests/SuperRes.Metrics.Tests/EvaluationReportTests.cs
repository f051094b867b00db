using NUnit.Framework;

namespace SuperRes.Metrics.Tests;

public class EvaluationReportTests
{
    // Means 33.67 / 0.9301 against the paper's 33.66 / 0.9299; 36.50 against SRCNN's 36.66 (PSNR only).
    private static readonly EvaluationResult[] Results =
    [
        new("bicubic", "Set5", 2, [new("a.png", 33.70, 0.9300), new("b.png", 33.64, 0.9302)]),
        new("srcnn", "Set5", 2, [new("a.png", 36.50, 0.95), new("b.png", 36.50, 0.95)]),
        new("edsr-baseline", "Set5", 2, [new("a.png", 37.00, 0.96), new("b.png", 37.00, 0.96)]),
        new("bicubic", "Urban100", 2, [new("a.png", 26.00, 0.84)]),
    ];

    [Test]
    public void MarkdownPutsThePapersFigureAndOurDifferenceBesideEachKnownModel()
    {
        var lines = EvaluationReport.ToMarkdown(Results).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines[0], Is.EqualTo("| Dataset | Scale | bicubic | bicubic paper (diff) | srcnn | srcnn paper (diff) | edsr-baseline |"));
        Assert.That(lines[1], Is.EqualTo("|---|---|---|---|---|---|---|"));
        Assert.That(lines[2], Is.EqualTo("| Set5 | x2 | 33.67 / 0.9301 | 33.66 / 0.9299 (+0.01 / +0.0002) | 36.50 / 0.9500 | 36.66 (-0.16) | 37.00 / 0.9600 |"));
        Assert.That(lines[3], Is.EqualTo("| Urban100 | x2 | 26.00 / 0.8400 | - | - | - | - |"));
    }

    [Test]
    public void ADifferenceThatRoundsToZeroKeepsItsSign()
    {
        // Against SRCNN x3's paper: 28.407 is 0.003 below its BSD100 figure of 28.41, 29.303 is 0.003 above its Set14 figure of 29.30.
        EvaluationResult[] results =
        [
            new("srcnn", "BSD100", 3, [new("a.png", 28.407, 0.78)]),
            new("srcnn", "Set14", 3, [new("a.png", 29.303, 0.82)]),
        ];

        var lines = EvaluationReport.ToMarkdown(results).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines[2], Is.EqualTo("| BSD100 | x3 | 28.41 / 0.7800 | 28.41 (-0.00) |"));
        Assert.That(lines[3], Is.EqualTo("| Set14 | x3 | 29.30 / 0.8200 | 29.30 (+0.00) |"));
    }

    [Test]
    public void CsvHasOneRowPerResultWithEmptyPaperCellsWhereNoPaperReports()
    {
        var lines = EvaluationReport.ToCsv(Results).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(Results.Length + 1));
        Assert.That(lines[0], Is.EqualTo("model,dataset,scale,images,psnr,ssim,paper_psnr,paper_ssim,psnr_diff,ssim_diff"));
        var bicubic = lines[1].Split(',');
        Assert.That(bicubic[..4], Is.EqualTo(new[] { "bicubic", "Set5", "2", "2" }));
        Assert.That(bicubic[4..].Select(double.Parse), Is.EqualTo(new[] { 33.67, 0.9301, 33.66, 0.9299, 0.01, 0.0002 }).Within(1e-9));
        Assert.That(lines[2].Split(',')[6..], Is.EqualTo(new[] { "36.66", string.Empty, (36.50 - 36.66).ToString("R", System.Globalization.CultureInfo.InvariantCulture), string.Empty }));
        Assert.That(lines[3], Does.EndWith(",37,0.96,,,,"));
    }

    [Test]
    public void CsvQuotesNamesThatHoldSeparators()
    {
        var result = new EvaluationResult("my,model", "a \"set\"", 3, [new("x.png", 30, 0.9)]);

        Assert.That(EvaluationReport.ToCsv([result]).Split('\n')[1], Does.StartWith("\"my,model\",\"a \"\"set\"\"\",3,1,30,0.9,"));
    }

    [Test]
    public void MarkdownEscapesAPipeInANameSoTheColumnsStay()
    {
        var result = new EvaluationResult("my|model", "p|q", 2, [new("x.png", 30, 0.9)]);

        var lines = EvaluationReport.ToMarkdown([result]).TrimEnd().Split('\n');

        Assert.That(lines[0], Is.EqualTo(@"| Dataset | Scale | my\|model |"));
        Assert.That(lines[2], Is.EqualTo(@"| p\|q | x2 | 30.00 / 0.9000 |"));
    }

    [Test]
    public void PublishedNetworksBeatPublishedBicubicAndLoseQualityAsTheScaleGrows()
    {
        // A transcription slip in the table would most likely break one of these orderings.
        foreach (var score in PublishedScores.All.Where(p => p.Model != "bicubic"))
        {
            var bicubic = PublishedScores.Find("bicubic", score.Dataset, score.Scale)!;
            Assert.That(score.Psnr, Is.GreaterThan(bicubic.Psnr), $"{score.Model} {score.Dataset} x{score.Scale}");
        }

        foreach (var series in PublishedScores.All.GroupBy(p => (p.Model, p.Dataset)))
        {
            var ordered = series.OrderBy(p => p.Scale).Select(p => p.Psnr).ToList();
            Assert.That(ordered, Is.Ordered.Descending, $"{series.Key.Model} {series.Key.Dataset}");
        }
    }

    [Test]
    public void FindIgnoresCaseAndAnswersNullForUnreportedCombinations()
    {
        Assert.That(PublishedScores.Find("VDSR", "set14", 3)?.Psnr, Is.EqualTo(29.77));
        Assert.That(PublishedScores.Find("espcn", "BSD100", 3), Is.Null);
        Assert.That(PublishedScores.Find("espcn", "Set5", 2), Is.Null);
    }
}

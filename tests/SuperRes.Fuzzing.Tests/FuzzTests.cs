using NUnit.Framework;

namespace SuperRes.Fuzzing.Tests;

public class FuzzTests
{
    [Test]
    public void AThousandMutatedImagesAndWeightsFilesSucceedOrFailWithDocumentedErrors()
    {
        var report = FuzzCampaign.Run(count: 1000, seed: 7);
        TestContext.Out.WriteLine(report);

        Assert.That(report.Failures, Is.Empty);
        Assert.That(report.Inputs, Is.EqualTo(1000));

        // The mutations must reach past the format checks: some inputs decode, some fail deep in the decoders or the limits.
        Assert.That(report.Outcomes.Keys, Is.SupersetOf(new[] { "ok", "InvalidImageContentException", "ImageTooLargeException", "InvalidWeightsException" }));
    }
}

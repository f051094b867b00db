using NUnit.Framework;
using SuperRes.Models.Weights;

namespace SuperRes.Models.Tests.Weights;

public sealed class WeightsMetadataTests
{
    private static readonly WeightsMetadata Full = new("edsr", 3, ColorMode.Rgb)
    {
        Variant = "baseline",
        TrainingRecipe = "DIV2K 48x48 patches, Adam 1e-4, L1, 300k iterations",
        BorderPadding = BorderPadding.Mirror,
        Psnr = new Dictionary<string, double> { ["Set5"] = 34.37, ["BSD100"] = 29.09 },
    };

    [Test]
    public void Is_stored_as_readable_strings()
    {
        Assert.That(Full.ToStrings(), Is.EqualTo(new Dictionary<string, string>
        {
            ["format_version"] = "1",
            ["architecture"] = "edsr",
            ["variant"] = "baseline",
            ["scale"] = "3",
            ["color_mode"] = "rgb",
            ["training_recipe"] = "DIV2K 48x48 patches, Adam 1e-4, L1, 300k iterations",
            ["border_padding"] = "mirror",
            ["psnr.Set5"] = "34.37",
            ["psnr.BSD100"] = "29.09",
        }));
    }

    [Test]
    public void Round_trips_through_strings()
    {
        var parsed = WeightsMetadata.Parse(Full.ToStrings());

        Assert.That(parsed, Is.EqualTo(Full));
        Assert.That(parsed, Is.Not.EqualTo(Full with { Psnr = new Dictionary<string, double> { ["Set5"] = 34.37 } }), "equality compares the PSNR table");
        Assert.That(parsed, Is.Not.EqualTo(Full with { BorderPadding = BorderPadding.Zero }), "and the border padding");
    }

    [Test]
    public void Several_scales_are_stored_after_the_first_and_read_back()
    {
        var multiScale = new WeightsMetadata("vdsr", 2, ColorMode.Y) { Scales = [2, 3, 4] };

        var strings = multiScale.ToStrings();
        var parsed = WeightsMetadata.Parse(strings);

        Assert.That((strings["scale"], strings["scales"]), Is.EqualTo(("2", "2,3,4")));
        Assert.That(parsed.Scales, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(parsed, Is.EqualTo(multiScale).And.Not.EqualTo(new WeightsMetadata("vdsr", 2, ColorMode.Y)));
        Assert.That(Full.Scales, Is.EqualTo(new[] { 3 }), "one scale is the scale alone");
        Assert.That(Full.ToStrings().ContainsKey("scales"), Is.False, "and is written as files always were");
    }

    [Test]
    public void Psnr_is_keyed_by_set_at_the_first_scale_and_by_set_and_scale_at_the_others()
    {
        var multiScale = new WeightsMetadata("vdsr", 2, ColorMode.Y)
        {
            Scales = [2, 3, 4],
            Psnr = new Dictionary<string, double> { ["Set5"] = 37.5, ["Set5@x3"] = 33.6 },
        };

        var parsed = WeightsMetadata.Parse(multiScale.ToStrings());

        Assert.That((parsed.PsnrKey("Set5", 2), parsed.PsnrKey("Set5", 4)), Is.EqualTo(("Set5", "Set5@x4")));
        Assert.That((parsed.PsnrAt("Set5", 2), parsed.PsnrAt("Set5", 3), parsed.PsnrAt("Set5", 4)), Is.EqualTo(((double?)37.5, (double?)33.6, (double?)null)));
        Assert.That(Full.PsnrAt("BSD100", 3), Is.EqualTo(29.09), "a single-scale file's keys are the set names");
        var unserved = Assert.Throws<ArgumentOutOfRangeException>(() => parsed.PsnrAt("Set5", 8));
        Assert.That(unserved!.Message, Does.Contain("serve x2, x3, x4, not x8"));
        Assert.Throws<ArgumentException>(() => parsed.PsnrKey(" ", 2));
    }

    [Test]
    public void Optional_entries_may_be_absent()
    {
        var parsed = WeightsMetadata.Parse(new Dictionary<string, string>
        {
            ["format_version"] = "1", ["architecture"] = "srcnn", ["scale"] = "2", ["color_mode"] = "Y",
        });

        Assert.That(parsed, Is.EqualTo(new WeightsMetadata("srcnn", 2, ColorMode.Y)));
        Assert.That(parsed.Variant, Is.Null);
        Assert.That(parsed.Psnr, Is.Empty);
        Assert.That(parsed.BorderPadding, Is.EqualTo(BorderPadding.Zero), "files from before border padding was recorded were trained on zero-padded patches");
        Assert.That(parsed.ToStrings().ContainsKey("border_padding"), Is.False, "zero padding is left out, so those files are written as they were");
    }

    [TestCase("architecture", null, "no SuperRes metadata")]
    [TestCase("scale", "two", "Metadata 'scale' is 'two', not a whole number")]
    [TestCase("scale", "0", "scale of at least 1")]
    [TestCase("color_mode", "cmyk", "Metadata 'color_mode' is 'cmyk'; expected one of Y, Rgb")]
    [TestCase("format_version", "2", "format version 2; this library reads versions up to 1")]
    [TestCase("format_version", null, "Metadata 'format_version' is missing")]
    [TestCase("border_padding", "reflect", "Metadata 'border_padding' is 'reflect'; expected one of Zero, Mirror")]
    [TestCase("psnr.Set5", "high", "Metadata 'psnr.Set5' is 'high', not a PSNR in dB")]
    [TestCase("psnr.", "30", "Metadata 'psnr.' names no dataset after 'psnr.'")]
    [TestCase("psnr. ", "30", "Metadata 'psnr. ' names no dataset after 'psnr.'")]
    [TestCase("scales", "2,3", "Metadata 'scales' is '2,3'; expected distinct whole factors separated by commas, starting with the scale 3")]
    [TestCase("scales", "3,x", "Metadata 'scales' is '3,x'")]
    [TestCase("scales", "3,4,4", "Metadata 'scales' is '3,4,4'")]
    public void Bad_entries_are_named(string key, string? value, string expectedMessage)
    {
        var strings = Full.ToStrings();
        if (value is null)
        {
            strings.Remove(key);
        }
        else
        {
            strings[key] = value;
        }

        var error = Assert.Throws<InvalidWeightsException>(() => WeightsMetadata.Parse(strings));
        Assert.That(error!.Message, Does.Contain(expectedMessage));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => _ = new WeightsMetadata(" ", 2, ColorMode.Y));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WeightsMetadata("espcn", 0, ColorMode.Y));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WeightsMetadata("espcn", 2, (ColorMode)7));
        Assert.Throws<ArgumentException>(() => _ = Full with { Psnr = new Dictionary<string, double> { ["Set5"] = double.NaN } });
        Assert.Throws<ArgumentException>(() => _ = Full with { Scales = [2, 3] });
        Assert.Throws<ArgumentException>(() => _ = Full with { Scales = [3, 0] });
    }
}

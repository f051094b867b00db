using NUnit.Framework;

namespace SuperRes.Core.Tests;

public class SuperResLimitsTests
{
    private static readonly SuperResLimits Small = new() { MaxInputPixels = 100, MaxOutputPixels = 399, MaxDimension = 20 };

    [Test]
    public void DefaultsAreFiftyMegapixelsInTwoHundredOutSixtyFiveThousandOnASideAndOneGibibyteBuffered()
    {
        Assert.That(
            (SuperResLimits.Default.MaxInputPixels, SuperResLimits.Default.MaxOutputPixels, SuperResLimits.Default.MaxDimension, SuperResLimits.Default.MaxBufferedInputBytes),
            Is.EqualTo((50_000_000L, 200_000_000L, 65_535, 1_073_741_824L)));
    }

    [TestCase(10, 10, 1, null, TestName = "100 pixels in are exactly the input limit")]
    [TestCase(9, 10, 2, null, TestName = "18x20 out is within every limit")]
    [TestCase(11, 10, 1, "110 pixels exceed the 100-pixel input limit", TestName = "110 pixels in are too many")]
    [TestCase(21, 1, 1, "longer side exceeds the 20-pixel limit", TestName = "An input side of 21 is too long")]
    [TestCase(7, 7, 3, "to 21x21, its longer side would exceed the 20-pixel limit", TestName = "An output side of 21 is too long")]
    [TestCase(10, 10, 2, "its 400 pixels would exceed the 399-pixel output limit", TestName = "400 pixels out are too many")]
    public void EnsureWithinChecksEachLimit(int width, int height, int scale, string? expected)
    {
        if (expected is null)
        {
            Assert.That(() => Small.EnsureWithin(width, height, scale), Throws.Nothing);
        }
        else
        {
            Assert.That(() => Small.EnsureWithin(width, height, scale), Throws.TypeOf<ImageTooLargeException>().With.Message.Contains(expected));
        }
    }

    [Test]
    public void OutputSidesBeyondAnIntAreComparedWithoutOverflow()
    {
        var generous = new SuperResLimits { MaxInputPixels = long.MaxValue, MaxOutputPixels = long.MaxValue, MaxDimension = int.MaxValue };
        Assert.That(() => generous.EnsureWithin(int.MaxValue, 1, 2), Throws.TypeOf<ImageTooLargeException>().With.Message.Contains("to 4294967294x2, its longer side"));
        Assert.That(() => generous.EnsureWithin(65_536, 65_536, 2), Throws.Nothing, "131072 x 131072 output pixels overflow an int but not a long");
    }

    [Test]
    public void LimitsMustBePositive()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new SuperResLimits { MaxInputPixels = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SuperResLimits { MaxOutputPixels = -1 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SuperResLimits { MaxDimension = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SuperResLimits { MaxBufferedInputBytes = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Small.EnsureWithin(0, 1, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}

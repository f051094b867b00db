using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="SrganDiscriminator"/>; the defaults are the paper's.</summary>
public sealed record SrganDiscriminatorOptions
{
    /// <summary>Gets the height and width of the (square) HR patches it judges, a multiple of 16 (96).</summary>
    public int InputSize { get; init; } = 96;

    /// <summary>Gets the filters of the first two convolutions; each stride-2 convolution after the second doubles them (64).</summary>
    public int Features { get; init; } = 64;

    /// <summary>Gets the width of the hidden dense layer (1024).</summary>
    public int DenseFeatures { get; init; } = 1024;

    /// <summary>Gets the negative slope of the leaky ReLUs (0.2).</summary>
    public double NegativeSlope { get; init; } = 0.2;
}

/// <summary>
/// The SRGAN discriminator (Ledig et al., CVPR 2017): eight 3x3 convolutions with 64, 64, 128, 128, 256,
/// 256, 512, 512 filters and strides 1, 2, 1, 2, 1, 2, 1, 2, each followed by batch normalisation (except
/// the first) and LeakyReLU 0.2; then dense 1024, LeakyReLU, dense 1. It returns the logit; the sigmoid
/// is left to the loss (binary cross-entropy with logits is the numerically stable form).
/// </summary>
public sealed class SrganDiscriminator : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "features")]
    private readonly Sequential _features;

    [ComponentName(Name = "classifier")]
    private readonly Sequential _classifier;

    /// <summary>Initialises the discriminator.</summary>
    /// <param name="options">Layer sizes; the paper's when null.</param>
    public SrganDiscriminator(SrganDiscriminatorOptions? options = null)
        : base(nameof(SrganDiscriminator))
    {
        LibTorchDefaults.Apply();
        Options = options ?? new SrganDiscriminatorOptions();
        if (Options.InputSize < 16 || Options.InputSize % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.InputSize, "The discriminator's input size must be a positive multiple of 16 (it halves the patch four times).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Features, 1, nameof(options));
        var layers = new List<nn.Module<Tensor, Tensor>>();
        long inChannels = 3;
        for (var i = 0; i < 8; i++)
        {
            // Filters double at every second layer (64, 64, 128, 128, ...); odd layers halve the size.
            var outChannels = (long)Options.Features << (i / 2);
            var stride = i % 2 == 0 ? 1 : 2;
            var normalised = i > 0;
            layers.Add(nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: !normalised));
            if (normalised)
            {
                layers.Add(nn.BatchNorm2d(outChannels));
            }

            layers.Add(nn.LeakyReLU(Options.NegativeSlope));
            inChannels = outChannels;
        }

        var side = Options.InputSize / 16;
        _features = nn.Sequential(layers);
        _classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(inChannels * side * side, Options.DenseFeatures),
            nn.LeakyReLU(Options.NegativeSlope),
            nn.Linear(Options.DenseFeatures, 1));
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public SrganDiscriminatorOptions Options { get; }

    /// <summary>Scores a batch of RGB patches.</summary>
    /// <param name="input">[N, 3, InputSize, InputSize].</param>
    /// <returns>[N, 1] logits: positive means judged real.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != 3 || input.shape[2] != Options.InputSize || input.shape[3] != Options.InputSize)
        {
            throw new ArgumentException($"Expected [N, 3, {Options.InputSize}, {Options.InputSize}] patches; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        return _classifier.call(_features.call(input));
    }
}

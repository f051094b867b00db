using SuperRes.Models;
using SuperRes.Models.Weights;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>
/// SRGAN's VGG perceptual loss (Ledig et al., CVPR 2017): the mean squared difference between the VGG19
/// feature maps of the output and of the target. The feature extractor is torchvision's <c>vgg19().features</c>,
/// named as torchvision names it (<c>features.0.weight</c>, ...), so torchvision's ImageNet checkpoint
/// (<c>vgg19-dcbb9e9d.pth</c>, which the user supplies; SuperRes does not ship it) loads key for key with
/// <see cref="FromCheckpoint"/>. Inputs are images in [0, 1], RGB or one channel (Y, seen as grey); they are
/// normalised with ImageNet's mean and deviation as torchvision's VGG expects. The extractor is frozen and in
/// evaluation mode: gradients reach the network being trained, never VGG.
/// </summary>
public sealed class PerceptualLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>
    /// SRGAN's VGG54: torchvision's first 36 feature modules, up to the ReLU after the fourth convolution of
    /// the fifth block. 35 stops before that ReLU, as ESRGAN does.
    /// </summary>
    public const int Vgg54Layers = 36;

    // torchvision's configuration "E": channels of each 3x3 convolution, 0 for a 2x2 max-pool.
    private static readonly int[] Configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0];

    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetDeviation = [0.229f, 0.224f, 0.225f];

    [ComponentName(Name = "features")]
    private readonly Sequential _features;

    /// <summary>Initialises the extractor with random weights (load real ones with <see cref="FromCheckpoint"/>).</summary>
    /// <param name="layers">How many of torchvision's 37 VGG19 feature modules to keep, 1 to 36; <see cref="Vgg54Layers"/> by default.</param>
    public PerceptualLoss(int layers = Vgg54Layers)
        : base(nameof(PerceptualLoss))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layers, Vgg54Layers);
        LibTorchDefaults.Apply();
        Layers = layers;
        var modules = new List<nn.Module<Tensor, Tensor>>();
        long inChannels = 3;
        // Layers beyond the kept ones are never built: VGG19's deeper convolutions hold most of its 20M weights.
        foreach (var channels in Configuration.TakeWhile(_ => modules.Count < layers))
        {
            if (channels == 0)
            {
                modules.Add(nn.MaxPool2d(2, 2));
            }
            else
            {
                modules.Add(nn.Conv2d(inChannels, channels, 3, padding: 1));
                modules.Add(nn.ReLU());
                inChannels = channels;
            }
        }

        _features = nn.Sequential(modules.Take(layers));
        RegisterComponents();
        foreach (var parameter in parameters())
        {
            parameter.requires_grad = false;
        }

        eval();
    }

    /// <summary>Gets how many of torchvision's VGG19 feature modules the extractor keeps.</summary>
    public int Layers { get; }

    /// <summary>Builds the extractor from torchvision's VGG19 state dict (<c>vgg19-dcbb9e9d.pth</c>, or the same keys as safetensors).</summary>
    /// <param name="path">The checkpoint; keys beyond the kept layers (and the classifier) are ignored.</param>
    /// <param name="layers">How many feature modules to keep; <see cref="Vgg54Layers"/> by default.</param>
    /// <returns>The loss, frozen.</returns>
    /// <exception cref="InvalidWeightsException">The file is unreadable, or lacks or misshapes a kept layer's weights.</exception>
    public static PerceptualLoss FromCheckpoint(string path, int layers = Vgg54Layers)
    {
        var loss = new PerceptualLoss(layers);
        try
        {
            loss.ImportCheckpoint(path, key => KeptLayer(key, layers) ? key : null);
            return loss;
        }
        catch
        {
            loss.Dispose();
            throw;
        }
    }

    /// <summary>Computes the loss.</summary>
    /// <param name="output">The network's output, N x C x H x W with C = 1 or 3, in [0, 1].</param>
    /// <param name="target">The target, the same shape.</param>
    /// <returns>The mean squared difference of their feature maps, a scalar.</returns>
    public override Tensor forward(Tensor output, Tensor target)
    {
        var targetFeatures = Features(target).detach();
        return nn.functional.mse_loss(Features(output), targetFeatures);
    }

    private Tensor Features(Tensor image)
    {
        if (image.shape is not [_, 1 or 3, _, _])
        {
            throw new ArgumentException($"The perceptual loss takes N x 1 x H x W or N x 3 x H x W images; got [{string.Join(", ", image.shape)}].", nameof(image));
        }

        var rgb = image.shape[1] == 1 ? image.expand(-1, 3, -1, -1) : image;
        using var mean = tensor(ImageNetMean, [1, 3, 1, 1], image.dtype, image.device);
        using var deviation = tensor(ImageNetDeviation, [1, 3, 1, 1], image.dtype, image.device);
        return _features.call((rgb - mean) / deviation);
    }

    private static bool KeptLayer(string key, int layers)
    {
        var parts = key.Split('.');
        return parts is ["features", var index, _] && int.TryParse(index, out var layer) && layer < layers;
    }
}

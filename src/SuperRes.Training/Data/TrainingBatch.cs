using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training.Data;

/// <summary>Where one patch of a batch came from.</summary>
/// <param name="Image">The image's index in <see cref="PairDataset.Pairs(int)"/>.</param>
/// <param name="Scale">The scale of its pair.</param>
/// <param name="X">The left column of the input patch in the pair's input image.</param>
/// <param name="Y">The top row of the input patch in the pair's input image.</param>
/// <param name="Transform">The <see cref="Dihedral"/> transform applied to input and target.</param>
public sealed record PatchLocation(int Image, int Scale, int X, int Y, int Transform);

/// <summary>A batch of aligned input and target patches as CPU float arrays (NCHW), built off the training thread.</summary>
/// <param name="Inputs">Count x Channels x InputSize x InputSize values.</param>
/// <param name="Targets">Count x Channels x TargetSize x TargetSize values.</param>
/// <param name="Channels">1 (Y) or 3 (RGB).</param>
/// <param name="InputSize">The side of an input patch.</param>
/// <param name="TargetSize">The side of a target patch.</param>
/// <param name="Patches">Where each patch came from, in batch order.</param>
public sealed record TrainingBatch(float[] Inputs, float[] Targets, int Channels, int InputSize, int TargetSize, IReadOnlyList<PatchLocation> Patches)
{
    /// <summary>Gets the number of patches.</summary>
    public int Count => Patches.Count;

    /// <summary>Makes the input and target tensors, in the current dispose scope.</summary>
    /// <param name="device">Where they live; the CPU when null.</param>
    /// <returns>[Count, Channels, InputSize, InputSize] and [Count, Channels, TargetSize, TargetSize] float32 tensors.</returns>
    public (Tensor Input, Tensor Target) ToTensors(Device? device = null)
    {
        var input = torch.tensor(Inputs, [Count, Channels, InputSize, InputSize]);
        var target = torch.tensor(Targets, [Count, Channels, TargetSize, TargetSize]);
        return device is null || device.type == DeviceType.CPU ? (input, target) : (input.to(device), target.to(device));
    }
}

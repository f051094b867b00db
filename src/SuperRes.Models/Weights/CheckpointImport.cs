using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SuperRes.Models.Weights;

/// <summary>
/// Imports weights trained elsewhere: PyTorch zip-format <c>.pt</c>/<c>.pth</c> checkpoints (torch 1.6 and later;
/// read through TorchSharp.PyBridge) and <c>.safetensors</c> files, told apart by their content. Training
/// wrappers are unwrapped (BasicSR's <c>params_ema</c>, preferred, or <c>params</c>; <c>state_dict</c>;
/// <c>model</c>), DataParallel's <c>module.</c> prefixes are stripped, values become float32, and a key map
/// (see <see cref="CheckpointKeyMaps"/>) renames the rest to the network's names before a strict load.
/// </summary>
public static class CheckpointImport
{
    // BasicSR evaluates with the exponential moving average of the weights, so it comes first.
    private static readonly string[] Wrappers = ["params_ema", "params", "state_dict", "model"];

    private const string DataParallelPrefix = "module.";

    /// <summary>Imports a checkpoint into the module with the same strict checks as <see cref="ModelWeights"/>.</summary>
    /// <param name="module">The network; it is left unchanged when the import fails.</param>
    /// <param name="path">The .pt, .pth or .safetensors file.</param>
    /// <param name="keyMap">Renames each checkpoint key to the module's name for it, or to null to drop it; null keeps the keys.</param>
    /// <exception cref="InvalidWeightsException">The checkpoint is unreadable, or its tensors do not fit the module.</exception>
    public static void ImportCheckpoint(this nn.Module module, string path, Func<string, string?>? keyMap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        module.ImportCheckpoint(stream, keyMap);
    }

    /// <summary>Imports a checkpoint from a stream into the module with the same strict checks as <see cref="ModelWeights"/>.</summary>
    /// <param name="module">The network; it is left unchanged when the import fails.</param>
    /// <param name="stream">The checkpoint's bytes, PyTorch zip or safetensors, from the current position to the end.</param>
    /// <param name="keyMap">Renames each checkpoint key to the module's name for it, or to null to drop it; null keeps the keys.</param>
    /// <exception cref="InvalidWeightsException">The checkpoint is unreadable, or its tensors do not fit the module.</exception>
    public static void ImportCheckpoint(this nn.Module module, Stream stream, Func<string, string?>? keyMap = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var tensors = ReadStateDict(stream);
        try
        {
            var renamed = new Dictionary<string, Tensor>(tensors.Count);
            foreach (var (key, tensor) in tensors)
            {
                var name = keyMap is null ? key : keyMap(key);
                if (name is not null && !renamed.TryAdd(name, tensor))
                {
                    throw new InvalidWeightsException($"Checkpoint key '{key}' maps to '{name}', which another key already took.");
                }
            }

            module.LoadStrict(renamed);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Reads a checkpoint's state dict, unwrapped, without <c>module.</c> prefixes, floating-point values as float32.</summary>
    /// <param name="path">The .pt, .pth or .safetensors file.</param>
    /// <returns>The tensors by key, on the CPU; the caller disposes them.</returns>
    /// <exception cref="InvalidWeightsException">The checkpoint is unreadable, holds a non-finite value, or is no state dict.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadStateDict(stream);
    }

    /// <summary>Reads a checkpoint's state dict from a stream, unwrapped, without <c>module.</c> prefixes, floating-point values as float32.</summary>
    /// <param name="stream">The checkpoint's bytes, PyTorch zip or safetensors, from the current position to the end.</param>
    /// <returns>The tensors by key, on the CPU; the caller disposes them.</returns>
    /// <exception cref="InvalidWeightsException">The checkpoint is unreadable, holds a non-finite value, or is no state dict.</exception>
    public static Dictionary<string, Tensor> ReadStateDict(Stream stream)
    {
        stream = Streams.SeekableFromStart(stream);

        // Everything read or converted here is disposed with the scope, but for the tensors handed back.
        using var scope = torch.NewDisposeScope();
        Span<byte> firstBytes = stackalloc byte[9];
        var signature = firstBytes[..stream.ReadAtLeast(firstBytes, firstBytes.Length, throwOnEndOfStream: false)];
        stream.Position = 0;
        var zip = signature is [(byte)'P', (byte)'K', 3, 4, ..];

        // A pickle starts with its PROTO opcode, 0x80; so does a safetensors file whose header length ends in 0x80
        // (one in 32 of them), which its '{' after the length tells apart.
        if (!zip && signature is [0x80, ..] && !StartsLikeSafeTensors(signature, stream.Length))
        {
            throw new InvalidWeightsException(
                "The checkpoint is a legacy (pre-1.6) PyTorch pickle, which cannot be read here; re-save it with torch.save(state_dict, path) from torch 1.6 or later, or as safetensors.");
        }

        if (zip)
        {
            RefuseZipBombs(stream);
        }

        using var safetensors = zip ? null : SafeTensorsFile.Read(stream);
        IDictionary checkpoint = safetensors is null ? Unpickle(stream) : new Dictionary<string, Tensor>(safetensors.Tensors);

        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in Unwrap(checkpoint))
        {
            var key = entry.Key as string ?? throw new InvalidWeightsException($"The checkpoint has a key {entry.Key} that is not a string.");
            var tensor = entry.Value as Tensor
                ?? throw new InvalidWeightsException($"Checkpoint entry '{key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor: this is not a state dict.");
            var name = StripDataParallelPrefixes(key);
            var values = tensor.is_floating_point() ? TensorValues.AsFiniteFloat32(key, tensor) : tensor.detach().cpu();
            if (!tensors.TryAdd(name, values))
            {
                throw new InvalidWeightsException($"Checkpoint key '{key}' is '{name}' without its '{DataParallelPrefix}' prefixes, which another key already is.");
            }
        }

        foreach (var tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }

        return tensors;
    }

    /// <summary>Whether <paramref name="signature"/>, a file's first 9 bytes, is a safetensors header length that fits the file, then the header's '{'.</summary>
    private static bool StartsLikeSafeTensors(ReadOnlySpan<byte> signature, long length) =>
        signature.Length == 9 && signature[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(signature) <= (ulong)Math.Max(length - 8, 0);

    // torch.save stores its entries uncompressed; a zip tool's deflate gains little on trained weights.
    private const long MaximumExpansion = 100;

    /// <summary>Refuses a zip whose entries expand far beyond their compressed size, before any is inflated.</summary>
    private static void RefuseZipBombs(Stream stream)
    {
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries)
            {
                if (entry.Length > 1 << 20 && entry.Length > MaximumExpansion * Math.Max(entry.CompressedLength, 1))
                {
                    throw new InvalidWeightsException(
                        $"Checkpoint entry '{entry.FullName}' expands from {entry.CompressedLength} to {entry.Length} bytes, more than {MaximumExpansion}-fold: refused as a likely zip bomb (torch.save stores tensors uncompressed).");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidWeightsException($"The PyTorch checkpoint could not be read: {e.Message}", e);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static Hashtable Unpickle(Stream stream)
    {
        try
        {
            return PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: false);
        }
        catch (Exception e) when (e is not InvalidWeightsException)
        {
            // PyBridge reports whole pickled models and unknown storages as NotImplementedException, bad zips as InvalidDataException.
            throw new InvalidWeightsException($"The PyTorch checkpoint could not be read: {e.Message}", e);
        }
    }

    // Real checkpoints nest two or three wrappers deep; a pickle can nest without end, or hold itself.
    private const int MaximumWrapperDepth = 8;

    private static IDictionary Unwrap(IDictionary checkpoint)
    {
        for (var depth = 0; depth <= MaximumWrapperDepth; depth++)
        {
            var inner = Wrappers.Select(wrapper => checkpoint.Contains(wrapper) ? checkpoint[wrapper] as IDictionary : null).FirstOrDefault(found => found is not null);
            if (inner is null)
            {
                return checkpoint;
            }

            checkpoint = inner;
        }

        throw new InvalidWeightsException($"The checkpoint nests its state dict more than {MaximumWrapperDepth} wrappers ({string.Join(", ", Wrappers)}) deep, or inside itself; it is no state dict.");
    }

    private static string StripDataParallelPrefixes(string key)
    {
        while (key.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
        {
            key = key[DataParallelPrefix.Length..];
        }

        return key;
    }
}

using System.Globalization;
using SuperRes.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>
/// Adam or SGD with momentum over a module's parameters, with PyTorch's update rules (<c>torch.optim.Adam</c>
/// without AMSGrad; <c>torch.optim.SGD</c> without dampening or Nesterov; weight decay added to the gradient).
/// </summary>
/// <remarks>
/// TorchSharp 0.107's own optimisers step in managed code that passes every coefficient (betas, epsilon, step size)
/// as a number, which TorchSharp turns into a <see cref="Scalar"/> that only its finalizer frees and that nothing
/// keeps alive through the native call; a garbage collection mid-call can free it while LibTorch reads it (see
/// RootedScalars in SuperRes.Core: such a Scalar ended one of our training runs). Here every number reaches LibTorch
/// as a Scalar held by a field or a <c>using</c> local until the call has returned, in the same order of operations
/// as TorchSharp's Adam and SGD. The state (moments or momentum buffers, and the step count) saves to safetensors.
/// </remarks>
internal sealed class ParameterOptimizer : IDisposable
{
    private const string KindKey = "optimizer";
    private const string StepsKey = "steps";
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly Tensor[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[]? _secondMoments;
    private readonly Scalar _weightDecay;
    private readonly bool _decays;
    private readonly Scalar _momentum;
    private readonly Scalar _one = 1.0.ToScalar();
    private readonly Scalar _beta1 = Beta1.ToScalar(), _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();

    /// <summary>Initialises the optimiser with zero state.</summary>
    /// <param name="parameters">The parameters to update: those of one module.</param>
    /// <param name="kind">Adam, or SGD with <paramref name="momentum"/>.</param>
    /// <param name="learningRate">The first learning rate; <see cref="LearningRate"/> changes it.</param>
    /// <param name="weightDecay">The L2 weight decay added to each gradient, 0 for none.</param>
    /// <param name="momentum">SGD's momentum (0 for plain SGD); unused by Adam.</param>
    public ParameterOptimizer(IEnumerable<Tensor> parameters, TrainingOptimizer kind, double learningRate, double weightDecay = 0, double momentum = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer.");
        }

        Kind = kind;
        LearningRate = learningRate;
        _parameters = parameters.ToArray();
        using (torch.no_grad())
        {
            _firstMoments = _parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
            _secondMoments = kind == TrainingOptimizer.Adam ? _parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray() : null;
        }

        _decays = weightDecay != 0;
        _weightDecay = weightDecay.ToScalar();
        _momentum = momentum.ToScalar();
    }

    /// <summary>Gets the update rule.</summary>
    public TrainingOptimizer Kind { get; }

    /// <summary>Gets or sets the learning rate of the next step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Gets the number of steps taken (Adam's bias correction depends on it).</summary>
    public long Steps { get; private set; }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Steps++;
        using var descent = (-LearningRate).ToScalar();
        using var adamStep = (-LearningRate / (1 - Math.Pow(Beta1, Steps))).ToScalar();
        using var adamCorrection = Math.Sqrt(1 - Math.Pow(Beta2, Steps)).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (_decays)
            {
                gradient = gradient.add(parameter, _weightDecay);
            }

            if (_secondMoments is { } secondMoments)
            {
                _firstMoments[i].mul_(_beta1).add_(gradient, _oneMinusBeta1);
                secondMoments[i].mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
                var denominator = secondMoments[i].sqrt().div_(adamCorrection).add_(_epsilon, _one);
                parameter.addcdiv_(_firstMoments[i], denominator, adamStep);
            }
            else
            {
                _firstMoments[i].mul_(_momentum).add_(gradient, _one);
                parameter.add_(_firstMoments[i], descent);
            }
        }
    }

    /// <summary>Writes the state to a safetensors file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            tensors.Add(FirstMomentKey(i), _firstMoments[i]);
            if (_secondMoments is not null)
            {
                tensors.Add(SecondMomentKey(i), _secondMoments[i]);
            }
        }

        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string>
        {
            [KindKey] = Kind.ToString(),
            [StepsKey] = Steps.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Restores the state <see cref="Save"/> wrote.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file holds another optimiser's state or other parameters' shapes.</exception>
    public void Load(string path)
    {
        using var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(KindKey, out var kind) || kind != Kind.ToString()
            || !file.Metadata.TryGetValue(StepsKey, out var steps) || !long.TryParse(steps, CultureInfo.InvariantCulture, out var stepCount) || stepCount < 0)
        {
            throw new InvalidDataException($"'{path}' is not the state of a {Kind} optimiser.");
        }

        using var noGrad = torch.no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            Restore(file, FirstMomentKey(i), _firstMoments[i], path);
            if (_secondMoments is not null)
            {
                Restore(file, SecondMomentKey(i), _secondMoments[i], path);
            }
        }

        Steps = stepCount;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var tensor in _firstMoments.Concat(_secondMoments ?? []))
        {
            tensor.Dispose();
        }

        foreach (var scalar in new[] { _weightDecay, _momentum, _one, _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon })
        {
            scalar.Dispose();
        }
    }

    private static string FirstMomentKey(int index) => $"{index}.first_moment";

    private static string SecondMomentKey(int index) => $"{index}.second_moment";

    private static void Restore(SafeTensorsFile file, string key, Tensor state, string path)
    {
        if (!file.Tensors.TryGetValue(key, out var saved) || !saved.shape.SequenceEqual(state.shape))
        {
            throw new InvalidDataException($"'{path}' lacks '{key}' of shape [{string.Join(", ", state.shape)}]; it holds the state of other parameters.");
        }

        state.copy_(saved);
    }
}

using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training.Tests;

public class ParameterOptimizerTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "superres-optimizer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AdamsFirstStepMovesEachWeightByTheRateTimesTheGradientsSign()
    {
        // After one step m = 0.1 g and v = 0.001 g^2; the bias corrections (0.1 and 0.001) undo those factors,
        // so the step is lr g / (|g| + eps): lr against the gradient's sign wherever |g| >> eps.
        using var weights = torch.tensor(new[] { 1f, -2f, 0.5f }).requires_grad_();
        using var optimizer = new ParameterOptimizer([weights], TrainingOptimizer.Adam, learningRate: 0.01);
        SetGradient(weights, [3f, -0.25f, 0f]);
        optimizer.Step();
        Assert.That(Values(weights), Is.EqualTo(new[] { 0.99f, -1.99f, 0.5f }).Within(1e-6));
        Assert.That(optimizer.Steps, Is.EqualTo(1));
    }

    [Test]
    public void SgdWithMomentumAndWeightDecayFollowsTheTextbookRecurrence()
    {
        // g' = g + wd p; b1 = g'; b2 = m b1 + g'2; p -= lr b.
        const float lr = 0.1f, momentum = 0.9f, decay = 0.5f;
        using var weights = torch.tensor(new[] { 2f }).requires_grad_();
        using var optimizer = new ParameterOptimizer([weights], TrainingOptimizer.Sgd, lr, decay, momentum);
        SetGradient(weights, [1f]);
        optimizer.Step();
        var buffer = 1f + (decay * 2f);
        var expected = 2f - (lr * buffer);
        Assert.That(Values(weights)[0], Is.EqualTo(expected).Within(1e-6));
        SetGradient(weights, [-1f]);
        optimizer.Step();
        buffer = (momentum * buffer) + (-1f + (decay * expected));
        expected -= lr * buffer;
        Assert.That(Values(weights)[0], Is.EqualTo(expected).Within(1e-6));
    }

    [TestCase(TrainingOptimizer.Adam)]
    [TestCase(TrainingOptimizer.Sgd)]
    public void StepsMatchTorchSharpsOwnOptimiser(TrainingOptimizer kind)
    {
        torch.manual_seed(5);
        using var ours = nn.Linear(6, 3);
        torch.manual_seed(5);
        using var theirs = nn.Linear(6, 3);
        using var optimizer = new ParameterOptimizer(ours.parameters(), kind, 0.05, weightDecay: 0.01, momentum: 0.9);
        using var reference = kind == TrainingOptimizer.Adam
            ? (TorchSharp.Modules.OptimizerHelper)torch.optim.Adam(theirs.parameters(), 0.05, weight_decay: 0.01)
            : torch.optim.SGD(theirs.parameters(), 0.05, momentum: 0.9, weight_decay: 0.01);
        torch.manual_seed(6);
        using var input = torch.randn(4, 6);
        for (var step = 0; step < 5; step++)
        {
            optimizer.ZeroGrad();
            reference.zero_grad();
            using (var scope = torch.NewDisposeScope())
            {
                ours.call(input).square().sum().backward();
                theirs.call(input).square().sum().backward();
            }

            optimizer.Step();
            reference.step();
        }

        using var initial = InitialLinear();
        Assert.That(Flatten(ours), Is.EqualTo(Flatten(theirs)).Within(1e-6));
        Assert.That(Flatten(ours), Is.Not.EqualTo(Flatten(initial)).Within(1e-3), "the parameters moved");
    }

    [TestCase(TrainingOptimizer.Adam)]
    [TestCase(TrainingOptimizer.Sgd)]
    public void ARestoredStateContinuesExactlyAsTheSavedOne(TrainingOptimizer kind)
    {
        var path = Path.Combine(_folder, "state.safetensors");
        using var weights = torch.tensor(new[] { 1f, -1f }).requires_grad_();
        using var optimizer = new ParameterOptimizer([weights], kind, 0.1, momentum: 0.9);
        SetGradient(weights, [0.5f, 2f]);
        optimizer.Step();
        optimizer.Save(path);

        using var copy = torch.tensor(Values(weights)).requires_grad_();
        using var restored = new ParameterOptimizer([copy], kind, 0.1, momentum: 0.9);
        restored.Load(path);
        Assert.That(restored.Steps, Is.EqualTo(1));
        SetGradient(weights, [-1f, 0.25f]);
        SetGradient(copy, [-1f, 0.25f]);
        optimizer.Step();
        restored.Step();
        Assert.That(Values(copy), Is.EqualTo(Values(weights)));
    }

    [Test]
    public void AnotherOptimisersStateIsRefused()
    {
        var path = Path.Combine(_folder, "sgd.safetensors");
        using var weights = torch.tensor(new[] { 1f }).requires_grad_();
        using (var sgd = new ParameterOptimizer([weights], TrainingOptimizer.Sgd, 0.1))
        {
            sgd.Save(path);
        }

        using var adam = new ParameterOptimizer([weights], TrainingOptimizer.Adam, 0.1);
        var error = Assert.Throws<InvalidDataException>(() => adam.Load(path));
        Assert.That(error!.Message, Does.Contain("Adam"));

        using var wider = torch.tensor(new[] { 1f, 2f }).requires_grad_();
        using var widerSgd = new ParameterOptimizer([wider], TrainingOptimizer.Sgd, 0.1);
        error = Assert.Throws<InvalidDataException>(() => widerSgd.Load(path));
        Assert.That(error!.Message, Does.Contain("shape [2]"));
    }

    private static void SetGradient(Tensor weights, float[] gradient)
    {
        using (var noGrad = torch.no_grad())
        {
            using var existing = weights.grad;
            existing?.zero_();
        }

        using var scope = torch.NewDisposeScope();
        using var direction = torch.tensor(gradient);
        (weights * direction).sum().backward();
    }

    private static float[] Values(Tensor tensor) => tensor.detach().data<float>().ToArray();

    private static float[] Flatten(nn.Module module) => module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    private static TorchSharp.Modules.Linear InitialLinear()
    {
        torch.manual_seed(5);
        return nn.Linear(6, 3);
    }
}

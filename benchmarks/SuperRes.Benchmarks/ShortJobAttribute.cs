using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SuperRes.Benchmarks;

/// <summary>
/// One warm-up and five measured iterations, in process: short enough for 2 cores, and in process because
/// BenchmarkDotNet's generated child project does not carry TorchSharp's native runtime.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ShortJobAttribute : JobConfigBaseAttribute
{
    /// <param name="singleInvocation">One call per iteration, for calls that take far longer than the timer's resolution.</param>
    public ShortJobAttribute(bool singleInvocation = false)
        : base(Create(singleInvocation))
    {
    }

    private static Job Create(bool singleInvocation)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithId("Short");
        return singleInvocation ? job.WithInvocationCount(1).WithUnrollFactor(1) : job;
    }
}

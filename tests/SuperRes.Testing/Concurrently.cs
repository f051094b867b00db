using System.Collections.Concurrent;

namespace SuperRes.Testing;

/// <summary>Runs the same check on several threads released at the same moment, for thread-safety tests.</summary>
public static class Concurrently
{
    /// <summary>
    /// Runs <paramref name="check"/>(i) for i = 0 .. <paramref name="threads"/> - 1, each on its own thread, after
    /// a barrier that releases them together.
    /// </summary>
    /// <param name="threads">How many threads.</param>
    /// <param name="check">Returns null when thread i saw what it should, else what went wrong.</param>
    /// <returns>Every problem reported or thrown; empty when all threads agreed.</returns>
    public static IReadOnlyCollection<string> Run(int threads, Func<int, string?> check)
    {
        var problems = new ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                if (check(i) is { } problem)
                {
                    problems.Add($"thread {i}: {problem}");
                }
            }
            catch (Exception e)
            {
                problems.Add($"thread {i}: {e}");
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        return problems;
    }
}

using System.Collections.Concurrent;

namespace SuperRes.Training.Data;

/// <summary>
/// Builds batches on a background task while the network trains: a bounded producer/consumer queue, so that
/// at most <c>capacity</c> batches wait in memory. Batches come out in index order.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly BlockingCollection<TrainingBatch> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private volatile Exception? _failure;

    /// <summary>Starts building batches <paramref name="firstBatch"/>, <paramref name="firstBatch"/> + 1, ...</summary>
    /// <param name="sampler">Where batches come from.</param>
    /// <param name="firstBatch">The first batch index (the iteration a resumed training starts at).</param>
    /// <param name="capacity">How many batches may wait, at least 1.</param>
    public BatchLoader(PatchSampler sampler, long firstBatch = 0, int capacity = 4)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _queue = new BlockingCollection<TrainingBatch>(capacity);
        var token = _stop.Token;
        _producer = Task.Run(() =>
        {
            try
            {
                for (var index = firstBatch; !token.IsCancellationRequested; index++)
                {
                    _queue.Add(sampler.Sample(index), token);
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed: the consumer wants no more batches.
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                _queue.CompleteAdding();
            }
        });
    }

    /// <summary>Waits for and returns the next batch.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The next batch in index order.</returns>
    /// <exception cref="InvalidOperationException">Building a batch failed; the inner exception says why.</exception>
    public TrainingBatch Next(CancellationToken cancellationToken = default)
    {
        if (_queue.TryTake(out var batch, Timeout.Infinite, cancellationToken))
        {
            return batch;
        }

        throw new InvalidOperationException("Building a training batch failed.", _failure);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _producer.Wait();
        _queue.Dispose();
        _stop.Dispose();
    }
}

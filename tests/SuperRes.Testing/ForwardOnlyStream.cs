namespace SuperRes.Testing;

/// <summary>
/// A stream that cannot seek, as a network stream or a pipe cannot: over given bytes, or endless zeros from
/// <see cref="Endless"/>. It counts the bytes read.
/// </summary>
public sealed class ForwardOnlyStream : Stream
{
    private readonly byte[]? _bytes;

    /// <summary>Initialises a stream that reads <paramref name="bytes"/> once.</summary>
    /// <param name="bytes">What the stream holds.</param>
    public ForwardOnlyStream(byte[] bytes) => _bytes = bytes;

    private ForwardOnlyStream()
    {
    }

    /// <summary>Gets the number of bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>Creates a stream of zeros that never ends.</summary>
    /// <returns>The stream.</returns>
    public static ForwardOnlyStream Endless() => new();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _bytes is null ? count : (int)Math.Min(count, _bytes.Length - BytesRead);
        if (_bytes is null)
        {
            Array.Clear(buffer, offset, read);
        }
        else
        {
            Array.Copy(_bytes, BytesRead, buffer, offset, read);
        }

        BytesRead += read;
        return read;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

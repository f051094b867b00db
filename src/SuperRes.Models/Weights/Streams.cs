namespace SuperRes.Models.Weights;

/// <summary>Stream helpers for the readers, which need lengths and a look at the first bytes.</summary>
internal static class Streams
{
    /// <summary>
    /// Returns the stream itself when it can seek and is at its start, else the rest of it copied to memory
    /// (PyBridge's zip reader seeks to offset 0, so data must begin there).
    /// </summary>
    public static Stream SeekableFromStart(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Position == 0)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}

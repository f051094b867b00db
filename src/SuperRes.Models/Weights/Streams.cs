namespace SuperRes.Models.Weights;

/// <summary>Stream helpers for the readers, which need lengths and a look at the first bytes.</summary>
internal static class Streams
{
    /// <summary>Returns the stream itself when it can seek, else the rest of it copied to memory.</summary>
    public static Stream Seekable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}

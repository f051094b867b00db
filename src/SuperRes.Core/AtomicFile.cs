using System.Text;

namespace SuperRes;

/// <summary>
/// Writes a file through a temporary file in the same folder that replaces the target only once it is complete and
/// on disk, so that a failed, cancelled or killed write leaves the previous file, or none, never a half-written one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 without a byte order mark, as <see cref="File.WriteAllText(string, string)"/> does.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="text">The whole content.</param>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="overwrite">Replace an existing file; when false an existing file is an <see cref="IOException"/>, and is left as it was.</param>
    public static void Write(string path, Action<Stream> write, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null || Path.EndsInDirectorySeparator(path))
        {
            throw new IOException($"'{path}' names a folder, not a file to write.");
        }

        // Checked here so that the error names the file asked for, not the temporary file beside it.
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': its folder '{folder}' does not exist.");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);

                // On disk before the rename, so that a power cut cannot leave the name on an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite);
        }
        catch
        {
            // File.Delete throws when the folder itself is missing, which would hide the real error.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }
}

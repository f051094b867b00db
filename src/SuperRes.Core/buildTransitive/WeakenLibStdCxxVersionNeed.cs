// MSBuild task compiled by RoslynCodeTaskFactory (no tool to install).
//
// TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so lists a need
// for GLIBCXX_3.4.32. The only symbol behind that need is _ZSt21ios_base_library_initv, a link-time
// marker with no relocation, so the library works with GCC 12's libstdc++ (Debian 12, Ubuntu 22.04)
// once the need is marked weak (VER_FLG_WEAK): the loader then warns instead of refusing to load.
// On a system that has GLIBCXX_3.4.32 a weak need behaves exactly like a strong one.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenLibStdCxxVersionNeed : Task
{
    private const uint SectionTypeGnuVersionNeed = 0x6ffffffe;
    private const ushort VersionFlagWeak = 0x2;

    /// <summary>Copies of libLibTorchSharp.so in an output folder (never the NuGet cache).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version names whose need is made weak.</summary>
    [Required]
    public string[] VersionNames { get; set; } = Array.Empty<string>();

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var patched = WeakenNeeds(bytes, VersionNames);
                if (patched == 0)
                {
                    Log.LogMessage(MessageImportance.Low, "{0}: no strong need for {1}; left unchanged.", path, string.Join(", ", VersionNames));
                    continue;
                }

                // The output copy may be a hard link into the NuGet cache: write a new file and replace the
                // link (never write through it), so that the cache is never modified. It keeps the copy's time,
                // which with its unchanged size lets the next build's copy step skip it, and so skip this step.
                var temporary = path + ".superres-tmp";
                File.WriteAllBytes(temporary, bytes);
                File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(path));
                File.Delete(path);
                File.Move(temporary, path);
                Log.LogMessage(MessageImportance.Normal, "{0}: marked {1} version need(s) weak so that it loads with older libstdc++.", path, patched);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Log.LogWarning("Could not check {0} for libstdc++ version needs: {1}", path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Sets VER_FLG_WEAK on each Vernaux entry naming one of <paramref name="names"/>; returns how many changed.</summary>
    private static int WeakenNeeds(byte[] elf, string[] names)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            return 0; // Only 64-bit little-endian builds ship with this need.
        }

        var sectionTable = checked((int)ReadUInt64(elf, 0x28));
        int sectionSize = ReadUInt16(elf, 0x3A), sectionCount = ReadUInt16(elf, 0x3C);
        var changed = 0;
        for (var section = 0; section < sectionCount; section++)
        {
            var header = sectionTable + section * sectionSize;
            if (ReadUInt32(elf, header + 4) != SectionTypeGnuVersionNeed)
            {
                continue;
            }

            var needOffset = checked((int)ReadUInt64(elf, header + 24));
            var stringSection = sectionTable + (int)ReadUInt32(elf, header + 40) * sectionSize;
            var strings = checked((int)ReadUInt64(elf, stringSection + 24));
            var needCount = ReadUInt32(elf, header + 44);
            for (var need = 0; need < needCount; need++)
            {
                var auxOffset = needOffset + (int)ReadUInt32(elf, needOffset + 8);
                var auxCount = ReadUInt16(elf, needOffset + 2);
                for (var aux = 0; aux < auxCount; aux++)
                {
                    var name = ReadString(elf, strings + (int)ReadUInt32(elf, auxOffset + 8));
                    var flags = ReadUInt16(elf, auxOffset + 4);
                    if (Array.IndexOf(names, name) >= 0 && (flags & VersionFlagWeak) == 0)
                    {
                        var weak = (ushort)(flags | VersionFlagWeak);
                        elf[auxOffset + 4] = (byte)weak;
                        elf[auxOffset + 5] = (byte)(weak >> 8);
                        changed++;
                    }

                    auxOffset += (int)ReadUInt32(elf, auxOffset + 12);
                }

                needOffset += (int)ReadUInt32(elf, needOffset + 12);
            }
        }

        return changed;
    }

    private static ushort ReadUInt16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);

    private static uint ReadUInt32(byte[] b, int at) => (uint)(ReadUInt16(b, at) | ReadUInt16(b, at + 2) << 16);

    private static ulong ReadUInt64(byte[] b, int at) => ReadUInt32(b, at) | (ulong)ReadUInt32(b, at + 4) << 32;

    private static string ReadString(byte[] b, int at)
    {
        var end = Array.IndexOf(b, (byte)0, at);
        if (end < 0)
        {
            throw new InvalidDataException("unterminated string in the dynamic string table");
        }

        return Encoding.ASCII.GetString(b, at, end - at);
    }
}

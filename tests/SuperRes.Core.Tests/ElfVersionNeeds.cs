using System.Buffers.Binary;
using System.Text;

namespace SuperRes.Core.Tests;

/// <summary>An independent reader of an ELF64 file's version needs (.gnu.version_r), to check the build step.</summary>
internal static class ElfVersionNeeds
{
    public static Dictionary<string, (string Library, ushort Flags)> Read(byte[] elf)
    {
        var result = new Dictionary<string, (string, ushort)>();
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A)), shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        for (var i = 0; i < shnum; i++)
        {
            var section = elf.AsSpan(shoff + (i * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != 0x6ffffffe)
            {
                continue;
            }

            var offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(section[24..]);
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[40..]);
            var strings = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(shoff + (link * shentsize) + 24));
            var count = BinaryPrimitives.ReadUInt32LittleEndian(section[44..]);
            for (var n = 0; n < count; n++)
            {
                var need = elf.AsSpan(offset);
                var library = Name(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(need[4..]));
                var aux = offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(need[8..]);
                for (var a = 0; a < BinaryPrimitives.ReadUInt16LittleEndian(need[2..]); a++)
                {
                    var entry = elf.AsSpan(aux);
                    result[Name(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]))] = (library, BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
                }

                offset += (int)BinaryPrimitives.ReadUInt32LittleEndian(need[12..]);
            }
        }

        return result;
    }

    private static string Name(byte[] elf, int at) => Encoding.ASCII.GetString(elf, at, Array.IndexOf(elf, (byte)0, at) - at);
}

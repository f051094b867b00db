namespace SuperRes.Models;

/// <summary>How far a tiled upscale has got, reported after each tile.</summary>
/// <param name="TilesDone">Tiles finished so far, 1 to <paramref name="TileCount"/>.</param>
/// <param name="TileCount">Tiles in this network pass.</param>
public readonly record struct TileProgress(int TilesDone, int TileCount);

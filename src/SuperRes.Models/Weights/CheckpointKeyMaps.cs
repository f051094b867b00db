using System.Text.RegularExpressions;

namespace SuperRes.Models.Weights;

/// <summary>
/// Key maps for <see cref="CheckpointImport"/>: functions from a checkpoint's key to the network's name for it, or
/// to null to drop it. Build one from a rename table with <see cref="FromRules"/>.
/// </summary>
public static class CheckpointKeyMaps
{
    /// <summary>
    /// Gets the map from the official EDSR-PyTorch state dicts (github.com/sanghyun-son/EDSR-PyTorch) to BasicSR's
    /// EDSR names: <c>head.0</c> to <c>conv_first</c>, <c>body.i.body.0</c>/<c>body.i.body.2</c> to
    /// <c>body.i.conv1</c>/<c>body.i.conv2</c>, the last body convolution to <c>conv_after_body</c>,
    /// <c>tail.0.k</c> to <c>upsample.k</c>, <c>tail.1</c> to <c>conv_last</c>. The <c>sub_mean</c>/<c>add_mean</c>
    /// convolutions are dropped: they are fixed RGB mean shifts, a non-persistent buffer in BasicSR's EDSR.
    /// </summary>
    public static Func<string, string?> EdsrPyTorch { get; } = FromRules(
        (@"^(sub_mean|add_mean)\.", null),
        (@"^head\.0\.", "conv_first."),
        (@"^body\.(\d+)\.body\.0\.", "body.$1.conv1."),
        (@"^body\.(\d+)\.body\.2\.", "body.$1.conv2."),
        // Only the convolution that closes the body has its parameters directly under body.N.
        (@"^body\.\d+\.(weight|bias)$", "conv_after_body.$1"),
        (@"^tail\.0\.(\d+)\.", "upsample.$1."),
        (@"^tail\.1\.", "conv_last."));

    /// <summary>
    /// Builds a key map from a rename table: the first rule whose regular expression matches a key rewrites it
    /// (<c>$1</c> and the like refer to its groups), or drops it when the replacement is null; keys no rule
    /// matches are kept, so that a strict load names any the table missed.
    /// </summary>
    /// <param name="rules">The rules, tried in order: a regular expression and its replacement, or null to drop.</param>
    /// <returns>The key map.</returns>
    public static Func<string, string?> FromRules(params (string Pattern, string? Replacement)[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var compiled = rules.Select(rule => (Regex: new Regex(rule.Pattern, RegexOptions.CultureInvariant), rule.Replacement)).ToArray();
        return key =>
        {
            foreach (var (regex, replacement) in compiled)
            {
                if (regex.IsMatch(key))
                {
                    return replacement is null ? null : regex.Replace(key, replacement, count: 1);
                }
            }

            return key;
        };
    }
}

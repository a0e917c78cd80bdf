using System.Buffers.Text;
using System.Security.Cryptography;

namespace Linktor.Storage.Media;

/// <summary>Media ids: 128 random bits in URL-safe base64, so a file's URL cannot be guessed from another's.</summary>
public static class MediaIds
{
    public const int Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True for what <see cref="New"/> makes; anything else names no file (and never a path).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

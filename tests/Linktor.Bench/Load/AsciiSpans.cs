namespace Linktor.Bench.Load;

/// <summary>Span helpers for HTTP header bytes.</summary>
internal static class AsciiSpans
{
    public static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> lowerCase) =>
        System.Text.Ascii.EqualsIgnoreCase(span, lowerCase);

    public static bool EqualsIgnoreCaseAscii(this Span<byte> span, ReadOnlySpan<byte> lowerCase) =>
        System.Text.Ascii.EqualsIgnoreCase(span, lowerCase);
}

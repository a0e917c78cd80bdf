using System.Buffers.Text;

namespace Linktor.Bench.Fakes;

/// <summary>
/// How a benchmark message is recognized where it lands: its text carries <c>bench#&lt;number&gt;#</c>, and
/// the fake provider (or a SignalR event) reads the number back without parsing the rest.
/// </summary>
public static class BenchMarker
{
    public const string Prefix = "bench#";

    /// <summary>The marker text for <paramref name="number"/> (or, with <c>{n}</c>, a <see cref="Load.RequestTemplate"/> placeholder).</summary>
    public static string Text(string number) => $"{Prefix}{number}#";

    public static bool TryFind(ReadOnlySpan<byte> text, out long number)
    {
        number = 0;
        var at = text.IndexOf("bench#"u8);
        if (at < 0)
        {
            return false;
        }

        var digits = text[(at + Prefix.Length)..];
        return Utf8Parser.TryParse(digits, out number, out var consumed) && consumed < digits.Length && digits[consumed] == (byte)'#';
    }
}

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>E.164 phone numbers, the form Twilio gives and takes (<c>+15017122661</c>).</summary>
internal static class PhoneNumbers
{
    /// <summary>
    /// The E.164 form of <paramref name="value"/> once spaces, dashes, dots and parentheses are removed:
    /// '+' and 8–15 digits, not starting with 0. Null otherwise: a number without its country code
    /// (a bare 10-digit US number, a 00-prefixed one) is not guessed at, since the guess could reach a stranger.
    /// </summary>
    public static string? ToE164(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var compact = new string([.. value.Where(c => c is not (' ' or '-' or '.' or '(' or ')' or '\t'))]);
        if (!compact.StartsWith('+'))
        {
            return null;
        }

        var digits = compact.AsSpan(1);
        return digits.Length is >= 8 and <= 15
               && digits[0] != '0'
               && !digits.ContainsAnyExceptInRange('0', '9')
            ? compact
            : null;
    }
}

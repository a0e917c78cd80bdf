namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>
/// A WhatsApp address is the contact's wa_id: the international number as digits, without '+'
/// (what webhooks give as <c>from</c> and what <c>to</c> takes).
/// </summary>
internal static class WhatsAppAddress
{
    /// <summary>ITU E.164 allows at most 15 digits; fewer than 8 is no international number.</summary>
    private const int MinDigits = 8;
    private const int MaxDigits = 15;

    public static string? Normalize(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var text = address.Trim();
        if (text.StartsWith('+'))
        {
            text = text[1..];
        }

        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return null; // letters, a second '+', an e-mail address: not a phone number
            }
        }

        return digits.Length is >= MinDigits and <= MaxDigits && digits[0] != '0' ? digits.ToString() : null;
    }
}

using Linktor.Api.Infrastructure;

namespace Linktor.Api.Auth;

/// <summary>The password rule: long enough to resist guessing, short enough to hash cheaply.</summary>
public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 200;

    public static void Check(string? password, string field, Validator v)
    {
        if (v.Required(password, field) && password!.Length is < MinLength or > MaxLength)
        {
            v.Add(field, $"Between {MinLength} and {MaxLength} characters.");
        }
    }
}

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>What a Twilio error code means to Linktor: its own code, whether a later retry can succeed, and Twilio's title.</summary>
internal sealed record TwilioErrorCode(string LinktorCode, bool Retryable, string Title);

namespace Linktor.Testing.FakeProviders.Twilio;

/// <summary>A message <see cref="FakeTwilio"/> created: the form fields the client posted and the sid it answered.</summary>
public sealed record TwilioSentMessage(
    string Sid,
    string To,
    string? From,
    string? MessagingServiceSid,
    string? Body,
    IReadOnlyList<string> MediaUrls,
    string? StatusCallback);

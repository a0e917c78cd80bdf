namespace Linktor.Testing.FakeProviders.Twilio;

/// <summary>One attachment of an inbound MMS: <c>MediaUrl{N}</c> and <c>MediaContentType{N}</c>.</summary>
public sealed record TwilioMedia(string Url, string ContentType);

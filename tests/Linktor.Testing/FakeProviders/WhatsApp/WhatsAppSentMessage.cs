using System.Text.Json;

namespace Linktor.Testing.FakeProviders.WhatsApp;

/// <summary>A message <see cref="FakeWhatsApp"/> accepted: the wamid it answered with and the request body.</summary>
public sealed record WhatsAppSentMessage(string Wamid, string PhoneNumberId, string To, string Type, JsonElement Body);

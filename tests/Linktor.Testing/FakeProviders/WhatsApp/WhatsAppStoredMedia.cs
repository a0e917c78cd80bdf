namespace Linktor.Testing.FakeProviders.WhatsApp;

/// <summary>A media file <see cref="FakeWhatsApp"/> holds (uploaded to it, or added by a test as inbound media).</summary>
public sealed record WhatsAppStoredMedia(string Id, byte[] Bytes, string MimeType, string? Filename = null);

namespace Linktor.Contracts.Messages;

/// <summary>The values of <c>content.type</c> (API.md).</summary>
public static class ContentTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contacts = "contacts";
    public const string Interactive = "interactive";
    public const string Template = "template";
    public const string Reaction = "reaction";
    public const string Unsupported = "unsupported";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Text, Image, Video, Audio, Document, Sticker, Location, Contacts, Interactive, Template, Reaction, Unsupported,
    };

    public static readonly IReadOnlySet<string> Media = new HashSet<string>(StringComparer.Ordinal)
    {
        Image, Video, Audio, Document, Sticker,
    };
}

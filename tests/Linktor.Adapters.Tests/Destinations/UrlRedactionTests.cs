using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Destinations;

/// <summary>URLs as the redacting request logger writes them: no token path segment, no query.</summary>
public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("https://api.telegram.org/bot7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage", "https://api.telegram.org/bot***/sendMessage")]
    [InlineData("https://api.telegram.org/file/bot7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/photos/file_1.jpg", "https://api.telegram.org/file/bot***/photos/file_1.jpg")]
    [InlineData("http://127.0.0.1:4100/bot7123456789%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/getFile", "http://127.0.0.1:4100/bot***/getFile")]
    [InlineData("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=secret", "https://lookaside.fbsbx.com/whatsapp_business/attachments/?***")]
    [InlineData("https://graph.facebook.com/v22.0/106540352242922/messages", "https://graph.facebook.com/v22.0/106540352242922/messages")]
    public void TokenSegmentsAndQueriesAreMasked(string url, string logged) =>
        UrlRedaction.ForLog(new Uri(url)).ShouldBe(logged);

    [Fact]
    public void AWebhookReceiverIsShownByItsHostOnly() =>
        UrlRedaction.HostOnly(new Uri("https://hooks.example.com:8443/T000/B000/XXXXsecret?key=abc")).ShouldBe("https://hooks.example.com:8443");
}

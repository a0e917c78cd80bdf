using Linktor.Testing.FakeProviders;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>A fresh <see cref="FakeTwilio"/> for the fixtures' account per test, and the adapter pointed at it.</summary>
public abstract class FakeTwilioTestBase : IAsyncLifetime
{
    protected FakeTwilio Fake { get; } = new(AccountSid, AuthToken);

    protected IChannelAdapter Adapter { get; } = TwilioTestKit.Adapter();

    protected ChannelSettings Channel(IReadOnlyDictionary<string, string>? config = null, string? authToken = null, Uri? webhookUrl = null) =>
        Settings(Fake.BaseUrl, config, authToken, webhookUrl);

    public ValueTask InitializeAsync() => new(Fake.StartAsync());

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Hosting;
using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>Which broken grain calls are sent again: refusals always, calls lost with their silo only when safe to repeat.</summary>
public sealed class RetryRefusedCallsTests
{
    private static readonly System.Reflection.MethodInfo Capabilities = typeof(IChannelGrain).GetMethod(nameof(IChannelGrain.GetCapabilitiesAsync))!;
    private static readonly System.Reflection.MethodInfo Webhook = typeof(IChannelGrain).GetMethod(nameof(IChannelGrain.HandleWebhookAsync))!;
    private static readonly System.Reflection.MethodInfo Send = typeof(IConversationGrain).GetMethod(nameof(IConversationGrain.SendAsync))!;
    private static readonly System.Reflection.MethodInfo Update = typeof(IConversationGrain).GetMethod(nameof(IConversationGrain.UpdateAsync))!;

    private static readonly SiloUnavailableException Lost = new("The target silo became unavailable for message: Request [S1]->[S2]");
    private static readonly SiloUnavailableException ShuttingDown = new("Silo S2 is shutting down");

    private static readonly object?[] Unkeyed = [Message(null)];
    private static readonly object?[] Keyed = [Message("k-1")];

    [Fact]
    public void AnIdempotentCallLostWithItsSiloIsSentAgain()
    {
        RetryRefusedCalls.ShouldSendAgain(Capabilities, [], Lost).ShouldBeTrue();
        RetryRefusedCalls.ShouldSendAgain(Webhook, [null], Lost).ShouldBeTrue("provider webhooks are stored once per provider id");
    }

    [Fact]
    public void ASendLostWithItsSiloIsSentAgainOnlyWithAnIdempotencyKey()
    {
        RetryRefusedCalls.ShouldSendAgain(Send, Keyed, Lost).ShouldBeTrue("the conversation stores a key once");
        RetryRefusedCalls.ShouldSendAgain(Send, Unkeyed, Lost).ShouldBeFalse("without a key it may have been stored");
        RetryRefusedCalls.ShouldSendAgain(Update, [null, null], Lost).ShouldBeFalse();
    }

    [Fact]
    public void ACallRefusedByAShuttingDownSiloIsSentAgainWhateverTheMethod()
    {
        RetryRefusedCalls.ShouldSendAgain(Send, Unkeyed, ShuttingDown).ShouldBeTrue();
        RetryRefusedCalls.ShouldSendAgain(null, [], ShuttingDown).ShouldBeTrue();
    }

    [Fact]
    public void ACallThatCouldNotConnectIsSentAgainWhateverTheMethod()
    {
        RetryRefusedCalls.ShouldSendAgain(Send, Unkeyed, new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:24626:0")).ShouldBeTrue();
        RetryRefusedCalls.ShouldSendAgain(Send, Unkeyed, Rejection(
            "Exception while sending message: Orleans.Runtime.Messaging.ConnectionFailedException: Unable to connect to S127.0.0.1:20966:154457247")).ShouldBeTrue();
    }

    [Fact]
    public void ATimeoutIsNotSentAgainEvenWhenIdempotent() =>
        RetryRefusedCalls.ShouldSendAgain(Capabilities, [], new TimeoutException("Response did not arrive on time")).ShouldBeFalse();

    [Fact]
    public void ARejectionForAnotherReasonIsNotSentAgain() =>
        RetryRefusedCalls.ShouldSendAgain(Send, Keyed, Rejection("Forwarding failed: tried to forward message too many times")).ShouldBeFalse();

    private static SendMessage Message(string? key) => new()
    {
        Content = MessageContent.FromText("hi"),
        IdempotencyKey = key,
        Sender = Actor.System,
    };

    /// <summary>The runtime's rejection as a silo throws it (its constructors are internal).</summary>
    private static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [message], null)!;
}

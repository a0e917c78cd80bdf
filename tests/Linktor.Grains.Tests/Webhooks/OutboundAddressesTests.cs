using System.Net;
using Linktor.Adapters;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Webhooks;

/// <summary>Which addresses the outbound clients (providers, media, webhooks) may reach by default: the public internet, not the network Linktor runs in.</summary>
public sealed class OutboundAddressesTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("100.128.0.1")] // just past carrier-grade NAT
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void PublicAddressesAreAllowed(string address) =>
        OutboundAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")] // cloud instance metadata
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped IPv6 is judged as the IPv4 it carries
    public void InternalAddressesAreRefused(string address) =>
        OutboundAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("https://10.0.0.1/", true)]
    [InlineData("https://crm.example.com/", false)] // a name: checked when connecting
    [InlineData("https://93.184.216.34/", false)]
    public void AddressLiteralsAreJudgedWhenTheUrlIsSaved(string url, bool refused) =>
        OutboundAddresses.IsLiteralNonPublic(new Uri(url)).ShouldBe(refused);
}

using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Linktor.Architecture.Tests;

/// <summary>
/// No personal data in logs above Debug: a <c>[LoggerMessage]</c> at Information or higher (or without a fixed level)
/// has no placeholder named for what a contact or a message says: text, bodies, phone numbers and other external ids,
/// e-mail and postal addresses, names, or a provider's own error text (which quotes numbers). Those go to Debug.
/// </summary>
public sealed partial class PersonalDataLogTests
{
    /// <summary>Placeholder names that hold personal data (compared without case, format suffixes ignored).</summary>
    private static readonly HashSet<string> PersonalPlaceholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Text", "Body", "Content", "Caption", "Phone", "PhoneNumber", "Number", "To", "From", "Sender", "Recipient",
        "Address", "Email", "EmailAddress", "Name", "DisplayName", "FirstName", "LastName", "ContactName", "ExternalId",
        "ContactExternalId", "Identity", "ProviderText", "Username", "UserName",
    };

    private static readonly HashSet<string> DebugLevels = new(StringComparer.Ordinal) { "Debug", "Trace" };

    [Fact]
    public void NoLogMessageAboveDebugHasAPersonalDataPlaceholder()
    {
        var offending = LogMessages()
            .Where(m => m.Level is null || !DebugLevels.Contains(m.Level))
            .SelectMany(m => m.Placeholders.Where(PersonalPlaceholders.Contains).Select(p => $"{m.File}: {{{p}}} at {m.Level ?? "a level given by the caller"}"))
            .ToList();

        offending.ShouldBeEmpty("log personal data at Debug only, or log an id of ours (a message or contact id) instead");
    }

    [Fact]
    public void TheCheckFindsAPersonalPlaceholderAboveDebug()
    {
        var message = Parse("x.cs", """[LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Sending to {To:l} failed")]""");

        message.Level.ShouldBe("Warning");
        message.Placeholders.Where(PersonalPlaceholders.Contains).ShouldBe(["To"]);
    }

    [Fact]
    public void TheProductHasDebugMessagesWithPersonalPlaceholders() =>
        LogMessages().Where(m => m.Level == "Debug").SelectMany(m => m.Placeholders).ShouldContain("ProviderText",
            "the sources were read, and the provider's error text is logged at Debug");

    private static IEnumerable<(string File, string? Level, IReadOnlyList<string> Placeholders)> LogMessages() =>
        Repository.ProductSources().SelectMany(file => LoggerMessage().Matches(File.ReadAllText(Path.Combine(Repository.Root, file)))
            .Select(m => Parse(file, m.Value)));

    private static (string File, string? Level, IReadOnlyList<string> Placeholders) Parse(string file, string attribute) =>
        (file,
         Level().Match(attribute) is { Success: true } level ? level.Groups[1].Value : null,
         [.. Placeholder().Matches(attribute).Select(p => p.Groups[1].Value)]);

    /// <summary>The attribute's argument list up to its closing <c>)]</c> (messages contain parentheses, never <c>)]</c>).</summary>
    [GeneratedRegex(@"\[LoggerMessage\(.*?\)\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"\bLevel\s*=\s*LogLevel\.(\w+)")]
    private static partial Regex Level();

    /// <summary>A template hole: <c>{Name}</c>, <c>{Name:format}</c>, <c>{@Name}</c>; not an escaped <c>{{</c>.</summary>
    [GeneratedRegex(@"(?<!\{)\{@?(\w+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();
}

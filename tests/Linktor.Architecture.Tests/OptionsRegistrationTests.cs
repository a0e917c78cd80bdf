using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Linktor.Architecture.Tests;

/// <summary>
/// Options are bound one way: every class with a <c>SectionName</c> is registered as
/// <c>AddOptions&lt;T&gt;().BindConfiguration(T.SectionName).ValidateOnStart()</c>, with a validator registered beside it.
/// </summary>
public sealed partial class OptionsRegistrationTests
{
    /// <summary>Options with nothing a validator could refuse: switches (the binder refuses a value that is not a boolean) and one optional key.</summary>
    private static readonly string[] NothingToValidate = ["OutboundOptions", "ChannelPolicyOptions", "PlatformOptions"];

    [Fact]
    public void NoSectionIsBoundByHand()
    {
        var byHand = Sources()
            .Where(s => BindingByHand().IsMatch(s.Text))
            .Select(s => $"{s.File}: {BindingByHand().Match(s.Text).Value}")
            .ToList();

        byHand.ShouldBeEmpty("bind with AddOptions<T>().BindConfiguration(T.SectionName).ValidateOnStart()");
    }

    [Fact]
    public void EveryOptionsClassIsBoundThroughItsSectionAndCheckedAtStart()
    {
        var sources = Sources().ToList();
        var unbound = OptionsClasses(sources)
            .Where(options => !sources.Any(s => Registration(options).IsMatch(s.Text)))
            .ToList();

        unbound.ShouldBeEmpty();
    }

    [Fact]
    public void EveryOptionsClassHasAValidatorRegistered()
    {
        var sources = Sources().ToList();
        var withoutValidator = OptionsClasses(sources)
            .Except(NothingToValidate)
            .Where(options => !sources.Any(s => ValidatorDeclaration(options).IsMatch(s.Text))
                || !sources.Any(s => ValidatorRegistration(options).IsMatch(s.Text)))
            .ToList();

        withoutValidator.ShouldBeEmpty("each options class needs an IValidateOptions<T> ([OptionsValidator] where attributes say it), registered with its options");
    }

    [Fact]
    public void TheOptionsClassesAreFound() =>
        OptionsClasses(Sources().ToList()).ShouldContain("StorageOptions");

    private static IEnumerable<(string File, string Text)> Sources() =>
        Repository.ProductSources().Select(f => (f.Replace('\\', '/'), File.ReadAllText(Path.Combine(Repository.Root, f))));

    private static List<string> OptionsClasses(List<(string File, string Text)> sources) =>
        [.. sources.SelectMany(s => OptionsClass().Matches(s.Text).Select(m => m.Groups[1].Value)).Distinct().Order(StringComparer.Ordinal)];

    private static Regex Registration(string options) =>
        new($@"AddOptions<(\w+\.)*{options}>\(\)\s*\.BindConfiguration\((\w+\.)*{options}\.SectionName\)\s*\.ValidateOnStart\(\)");

    private static Regex ValidatorDeclaration(string options) =>
        new($@"class\s+\w+(\([^)]*\))?\s*:\s*IValidateOptions<(\w+\.)*{options}>");

    private static Regex ValidatorRegistration(string options) =>
        new($@"(Singleton|AddSingleton)<IValidateOptions<(\w+\.)*{options}>");

    [GeneratedRegex(@"class\s+(\w+)[^{]*\{[^}]*?const string SectionName\b", RegexOptions.Singleline)]
    private static partial Regex OptionsClass();

    /// <summary><c>Configure&lt;T&gt;(configuration.GetSection(..))</c>, <c>.Bind(configuration.GetSection(..))</c>.</summary>
    [GeneratedRegex(@"(Configure<[\w.]+>|\.Bind)\(\s*[\w.]*[Cc]onfiguration\.GetSection\(")]
    private static partial Regex BindingByHand();
}

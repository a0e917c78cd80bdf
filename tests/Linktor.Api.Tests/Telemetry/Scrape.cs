using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Linktor.Api.Tests.Infrastructure;
using Shouldly;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>A Prometheus text exposition, read as its samples: name, labels, value.</summary>
public sealed partial class Scrape(string text)
{
    public string Text => text;

    /// <summary>The samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Samples(string name, params (string Label, string Value)[] labels) =>
        [.. SampleLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture))];

    /// <summary>Scrapes <paramref name="node"/>'s <c>/metrics</c> with the platform admin key.</summary>
    public static async Task<Scrape> TakeAsync(LinktorNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LinktorNode.PlatformAdminKey);
        using var response = await node.Anonymous.SendAsync(request, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new Scrape(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The sum of those samples (0 when there is none yet).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Sum();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}

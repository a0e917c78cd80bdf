using System.Text.Json;
using System.Text.Json.Serialization;
using Linktor.Contracts.Json;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// The API's JSON: the wire shape of <see cref="WireJson"/>, and strict reading: an unknown field is an
/// error (a typo must not be silently ignored), numbers are numbers, strings hold no NUL.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        WireJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new NoNulStringConverter());
    }

    /// <summary>Options for writing outside the request pipeline (SignalR payloads, stored responses).</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

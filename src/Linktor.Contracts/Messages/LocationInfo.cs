namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.LocationInfo")]
public sealed record LocationInfo
{
    [Id(0)] public required double Latitude { get; init; }
    [Id(1)] public required double Longitude { get; init; }
    [Id(2)] public string? Name { get; init; }
    [Id(3)] public string? Address { get; init; }
}

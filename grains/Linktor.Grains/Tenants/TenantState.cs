namespace Linktor.Grains.Tenants;

[GenerateSerializer, Alias("Linktor.Grains.TenantState")]
public sealed class TenantState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Name { get; set; } = string.Empty;
    [Id(2)] public string Slug { get; set; } = string.Empty;
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public int MaxChannels { get; set; } = 100;
    [Id(5)] public int MaxUsers { get; set; } = 1000;
}

using System.ComponentModel.DataAnnotations;

namespace Linktor.Api.Seeding;

/// <summary><c>Linktor:Seed</c>: the demo tenant <c>./run.sh</c> creates on first start.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Linktor:Seed";

    public bool Demo { get; set; }

    [Required]
    public string AdminEmail { get; set; } = "admin@demo.local";

    /// <summary>The demo admin's password; generated and printed when unset.</summary>
    public string? AdminPassword { get; set; }
}

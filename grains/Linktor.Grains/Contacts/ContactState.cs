using Linktor.Contracts.Contacts;
using Linktor.Grains.Events;

namespace Linktor.Grains.Contacts;

[GenerateSerializer, Alias("Linktor.Grains.ContactState")]
public sealed class ContactState : IAnnouncedState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public string? Name { get; set; }
    [Id(3)] public string? Email { get; set; }
    [Id(4)] public string? Phone { get; set; }
    [Id(5)] public Dictionary<string, string> CustomAttributes { get; set; } = [];
    [Id(6)] public List<string> Labels { get; set; } = [];
    [Id(7)] public List<ContactIdentity> Identities { get; set; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped by every save; the list row records the version it was written from.</summary>
    [Id(10)] public long Version { get; set; }

    /// <summary>Events of saved changes whose list row may not have been written yet (see <see cref="UnannouncedEvent"/>).</summary>
    [Id(11)] public List<UnannouncedEvent> Unannounced { get; set; } = [];
}

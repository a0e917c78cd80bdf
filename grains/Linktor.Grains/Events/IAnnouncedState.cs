using Linktor.Storage.Events;

namespace Linktor.Grains.Events;

/// <summary>
/// The state of a grain whose changes a list row shows and events announce (conversation, contact, channel): its
/// version, which the row records, and the events of changes the row may not have been written with yet.
/// </summary>
public interface IAnnouncedState
{
    long Version { get; set; }

    List<UnannouncedEvent> Unannounced { get; }
}

/// <summary>What <see cref="IAnnouncedState"/> gives the stores.</summary>
public static class AnnouncedStateExtensions
{
    /// <summary>The events still to be written with the list row.</summary>
    public static List<NewEvent> UnannouncedEvents(this IAnnouncedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.Unannounced.Select(e => e.ToNewEvent())];
    }
}

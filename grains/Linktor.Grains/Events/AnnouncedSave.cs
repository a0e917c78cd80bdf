using Linktor.Storage.Events;

namespace Linktor.Grains.Events;

/// <summary>
/// The one way a grain saves a change its list row shows: the state is written with the change's event, then the list
/// row with the events still unannounced (one statement, which stores them only if the row was written from an older
/// version), then the inbox hears of it. A crash between the two writes leaves the events in the state, and the next
/// activation writes the row with them, so an event is never lost nor written twice.
/// </summary>
public static class AnnouncedSave
{
    /// <param name="state">The grain's state.</param>
    /// <param name="announce">The durable event of this change; null for a change nobody sees (nothing is announced).</param>
    /// <param name="writeRow">Writes the list row from the state at the given version, with the given events.</param>
    /// <param name="publish">Tells the inbox in real time, once the row is written.</param>
    public static async Task SaveAndAnnounceAsync<TState>(
        this IPersistentState<TState> state, NewEvent? announce, Func<long, IReadOnlyList<NewEvent>, Task> writeRow, Action? publish = null)
        where TState : IAnnouncedState
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(writeRow);
        var s = state.State;
        s.Version++;
        if (announce is not null)
        {
            s.Unannounced.Add(UnannouncedEvent.From(announce));
        }

        await state.WriteStateAsync();
        await writeRow(s.Version, s.UnannouncedEvents());
        s.Unannounced.Clear();
        publish?.Invoke();
    }
}

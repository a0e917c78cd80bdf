using Microsoft.Extensions.Options;

namespace Linktor.Storage.Events;

/// <summary>Checks <c>Linktor:Events</c> at start: the ranges on <see cref="EventStreamOptions"/>'s settings and the rules between them.</summary>
[OptionsValidator]
public sealed partial class EventStreamOptionsValidator : IValidateOptions<EventStreamOptions>;

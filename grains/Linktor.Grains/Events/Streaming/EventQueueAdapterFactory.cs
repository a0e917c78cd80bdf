using Linktor.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>The pieces of the events stream provider, one set per silo (registered by <c>AddLinktorEventStreams</c>).</summary>
internal sealed class EventQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly EventQueueMapper _mapper;
    private readonly EventQueueAdapterCache _cache;
    private readonly EventDeliveryFailureHandler _failures;

    public EventQueueAdapterFactory(string name, EventStore store, IOptions<EventStreamOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        Adapter = new EventQueueAdapter(name, store, settings, time, loggerFactory);
        _mapper = new EventQueueMapper(name, settings.Queues);
        _cache = new EventQueueAdapterCache(settings, name, loggerFactory);
        _failures = new EventDeliveryFailureHandler(loggerFactory.CreateLogger<EventDeliveryFailureHandler>());
    }

    public EventQueueAdapter Adapter { get; }

    public static IQueueAdapterFactory Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<EventQueueAdapterFactory>(services, name);

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(Adapter);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(Adapter);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failures);
}

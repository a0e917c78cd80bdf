using System.Text.Json;
using Linktor.Api.Tests.Wire;
using Xunit.Sdk;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>Every server → client call a hub connection received, in arrival order, and waiting for one.</summary>
public sealed class EventLog
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private readonly List<(string Name, JsonElement Data)> _events = [];
    private readonly List<Waiter> _waiters = [];

    public void Add(string name, JsonElement data)
    {
        List<Waiter> done;
        lock (_lock)
        {
            _events.Add((name, data));
            done = [.. _waiters.Where(w => w.Name == name && w.Match(data))];
            foreach (var waiter in done)
            {
                _waiters.Remove(waiter);
            }
        }

        foreach (var waiter in done)
        {
            waiter.Completion.TrySetResult(data);
        }
    }

    /// <summary>The events named <paramref name="name"/> received so far.</summary>
    public IReadOnlyList<T> All<T>(string name)
    {
        lock (_lock)
        {
            return [.. _events.Where(e => e.Name == name).Select(e => WireJson.Read<T>(e.Data))];
        }
    }

    /// <summary>The names of everything received so far, for failure messages.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            return _events.Count == 0 ? "nothing" : string.Join(", ", _events.Select(e => e.Name));
        }
    }

    /// <summary>The first event named <paramref name="name"/> matching <paramref name="match"/>, received already or within the timeout.</summary>
    public async Task<T> WaitForAsync<T>(string name, Func<T, bool> match, string because, TimeSpan? timeout = null)
    {
        bool Matches(JsonElement data)
        {
            try
            {
                return match(WireJson.Read<T>(data));
            }
            catch (JsonException)
            {
                return false;
            }
        }

        var waiter = new Waiter(name, Matches);
        lock (_lock)
        {
            var seen = _events.FirstOrDefault(e => e.Name == name && Matches(e.Data));
            if (seen.Name is not null)
            {
                return WireJson.Read<T>(seen.Data);
            }

            _waiters.Add(waiter);
        }

        var limit = timeout ?? DefaultTimeout;
        try
        {
            return WireJson.Read<T>(await waiter.Completion.Task.WaitAsync(limit));
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }

            throw new XunitException($"No '{name}' event within {limit.TotalSeconds:0} s: {because}. Received: {Describe()}.");
        }
    }

    private sealed record Waiter(string Name, Func<JsonElement, bool> Match)
    {
        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

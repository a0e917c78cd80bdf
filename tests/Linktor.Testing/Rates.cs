namespace Linktor.Testing;

/// <summary>Reading a rate off recorded arrival times (e.g. a fake provider's receive timestamps).</summary>
public static class Rates
{
    /// <summary>The most events within any span of <paramref name="window"/>, for times in ascending order.</summary>
    public static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var max = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] - sorted[start] < window)
            {
                end++;
            }

            max = Math.Max(max, end - start);
        }

        return max;
    }
}

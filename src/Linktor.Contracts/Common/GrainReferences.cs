namespace Linktor.Contracts.Common;

/// <summary>
/// Grain references for the hot paths. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the interface's grain
/// types by reflection on every call (a few percent of a send's CPU); the types of an interface never change, so they
/// are resolved once here and each reference is then made from its id.
/// </summary>
public static class GrainReferences
{
    /// <summary>The same reference as <c>grains.GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T Get<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var (grainType, interfaceType) = TypesOf<T>.Resolve(grains);
        return (T)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static class TypesOf<T>
        where T : IGrainWithStringKey
    {
        private static (GrainType, GrainInterfaceType)? _types;

        public static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
        {
            if (_types is { } known)
            {
                return known;
            }

            // Once, the slow way; a race only resolves the same types twice.
            var sample = (GrainReference)(object)grains.GetGrain<T>("_");
            var types = (sample.GrainId.Type, sample.InterfaceType);
            _types = types;
            return types;
        }
    }
}

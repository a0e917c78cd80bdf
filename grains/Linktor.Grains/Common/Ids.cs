namespace Linktor.Grains.Common;

/// <summary>New ids are version 7 GUIDs: time-ordered, so indexes stay compact and ids sort by creation.</summary>
public static class Ids
{
    public static Guid New() => Guid.CreateVersion7();
}

namespace Linktor.Contracts.Hosting;

public enum HostingMode
{
    /// <summary>Silo and API in one process (api/Linktor.SingleNode), localhost clustering: a laptop or a small install.</summary>
    SingleNode,

    /// <summary>Separate silo (silo/Linktor.Silo) and API (api/Linktor.Api) processes, Redis membership, shared PostgreSQL.</summary>
    Cluster,
}

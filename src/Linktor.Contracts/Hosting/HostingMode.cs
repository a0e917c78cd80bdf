namespace Linktor.Contracts.Hosting;

public enum HostingMode
{
    /// <summary>Silo and API in one process, localhost clustering: a laptop or a small install.</summary>
    SingleNode,

    /// <summary>Separate silo and API processes, Redis membership, shared PostgreSQL.</summary>
    Cluster,
}

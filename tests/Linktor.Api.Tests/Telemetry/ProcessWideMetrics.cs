using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>
/// Tests of metrics every node in the test process adds to (the meters are static: one process is one node in
/// production); they run alone, after the parallel classes, so no other node's traffic moves what they measure.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMetrics), DisableParallelization = true)]
public sealed class ProcessWideMetrics;

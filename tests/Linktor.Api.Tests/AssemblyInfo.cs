using Linktor.Api.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(LinktorNode))]

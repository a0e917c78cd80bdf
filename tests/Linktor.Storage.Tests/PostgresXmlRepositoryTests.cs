using System.Xml.Linq;
using Linktor.Storage.DataProtection;
using Linktor.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>Each test gets its own database: the repository reads the whole key ring.</summary>
public sealed class PostgresXmlRepositoryTests : IAsyncLifetime
{
    private PostgresDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresDatabase Database => _database!;

    public async ValueTask InitializeAsync() => _database = await PostgresDatabase.CreateAsync(ct: Ct);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public void StoredElementsAreReadBack()
    {
        var repository = new PostgresXmlRepository(Database.DataSource);

        repository.StoreElement(new XElement("key", new XAttribute("id", "one"), new XElement("secret", "a")), "key-one");
        repository.StoreElement(new XElement("key", new XAttribute("id", "two"), new XElement("secret", "b")), "key-two");

        repository.GetAllElements().Select(e => (string?)e.Attribute("id")).ShouldBe(["one", "two"], ignoreOrder: true);
        repository.GetAllElements().Single(e => (string?)e.Attribute("id") == "two").Element("secret")!.Value.ShouldBe("b");
    }

    [Fact]
    public async Task ASecondRepositoryOnAnotherNodeSeesTheElements()
    {
        await using var otherNode = Database.CreateDataSource();
        var writer = new PostgresXmlRepository(Database.DataSource);
        var reader = new PostgresXmlRepository(otherNode);

        writer.StoreElement(new XElement("key", new XAttribute("id", "one")), "key-one");
        writer.StoreElement(new XElement("key", new XAttribute("id", "two")), "key-two");

        reader.GetAllElements().Select(e => (string?)e.Attribute("id")).ShouldBe(["one", "two"], ignoreOrder: true);
    }

    [Fact]
    public void AFriendlyNameAlreadyTakenDoesNotOverwriteTheStoredElement()
    {
        var repository = new PostgresXmlRepository(Database.DataSource);

        repository.StoreElement(new XElement("key", new XAttribute("id", "first")), "key-same");
        repository.StoreElement(new XElement("key", new XAttribute("id", "second")), "key-same");

        repository.GetAllElements().Select(e => (string?)e.Attribute("id")).ShouldBe(["first", "second"], ignoreOrder: true);
    }

    [Fact]
    public void ChosenElementsAreDeleted()
    {
        var repository = new PostgresXmlRepository(Database.DataSource);
        repository.StoreElement(new XElement("key", new XAttribute("id", "keep")), "key-keep");
        repository.StoreElement(new XElement("key", new XAttribute("id", "drop")), "key-drop");

        repository.DeleteElements(elements =>
        {
            foreach (var element in elements.Where(e => (string?)e.Element.Attribute("id") == "drop"))
            {
                element.DeletionOrder = 1;
            }
        }).ShouldBeTrue();

        repository.GetAllElements().Select(e => (string?)e.Attribute("id")).ShouldBe(["keep"]);
    }

    [Fact]
    public async Task DataProtectedOnOneNodeIsUnprotectedOnAnother()
    {
        await using var otherNode = Database.CreateDataSource();
        await using var nodeA = Node(Database.DataSource);
        await using var nodeB = Node(otherNode);

        var token = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector("channel-credentials")
            .Protect("whatsapp-access-token");
        var plain = nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector("channel-credentials")
            .Unprotect(token);

        plain.ShouldBe("whatsapp-access-token");
        new PostgresXmlRepository(Database.DataSource).GetAllElements().ShouldHaveSingleItem().Name.LocalName.ShouldBe("key");
    }

    [Fact]
    public async Task KeysAreEncryptedAtRestWithTheMasterKey()
    {
        var masterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var otherNode = NpgsqlDataSource.Create(Database.ConnectionString);
        await using var nodeA = Node(Database.DataSource, masterKey);
        await using var nodeB = Node(otherNode, masterKey);
        await using var withoutKey = Node(otherNode);

        var token = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector("channel-credentials").Protect("bot-token");

        var stored = new PostgresXmlRepository(Database.DataSource).GetAllElements().ShouldHaveSingleItem().ToString();
        stored.ShouldContain("<encryptedKey");
        stored.ShouldNotContain("<masterKey", customMessage: "the key material must not be stored in clear");
        nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector("channel-credentials").Unprotect(token)
            .ShouldBe("bot-token", "a node with the master key reads the ring");
        Should.Throw<Exception>(() => withoutKey.GetRequiredService<IDataProtectionProvider>().CreateProtector("channel-credentials").Unprotect(token),
            "a database alone decrypts nothing");
    }

    [Fact]
    public void AMasterKeyOfTheWrongSizeIsRefused()
    {
        using var node = Node(Database.DataSource, Convert.ToBase64String(new byte[16]));
        // Refused by its validator (Linktor:Secrets is checked at start), before any key is encrypted with it.
        Should.Throw<OptionsValidationException>(() => node.GetRequiredService<IDataProtectionProvider>().CreateProtector("x").Protect("y"))
            .Message.ShouldContain("MasterKey");
    }

    [Theory]
    [InlineData("YpaCNm0gd5Sk2K+1PAgN2kqYjMoADH7mRMJzQUPwQow=")]
    [InlineData(" 9+RgpZ4QrfcvPauBcgflVhL4RLJ2yIkpRy+MdWMUVhk=\n")]
    public void AnyBase64KeyOf32BytesIsTaken(string masterKey) =>
        new MasterKeyOptions { MasterKey = masterKey }.KeyBytes().ShouldNotBeNull().Length.ShouldBe(32);

    private static ServiceProvider Node(NpgsqlDataSource dataSource, string? masterKey = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Linktor:Secrets:MasterKey"] = masterKey })
            .Build();
        services.AddDataProtection().SetApplicationName("linktor-tests").PersistKeysToPostgres(dataSource).ProtectKeysWithMasterKey(configuration);
        return services.BuildServiceProvider();
    }
}

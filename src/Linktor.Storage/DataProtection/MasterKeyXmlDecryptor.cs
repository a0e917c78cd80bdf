using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.DataProtection;

/// <summary>Decrypts what <see cref="MasterKeyXmlEncryptor"/> wrote (Data Protection creates it by type name, with the services).</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var masterKey = services.GetRequiredService<IOptions<MasterKeyOptions>>().Value.KeyBytes()
            ?? throw new InvalidOperationException(
                $"The Data Protection key ring is encrypted with a master key, but {MasterKeyOptions.SectionName}:MasterKey is not set.");
        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? "");
        var ciphertext = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(masterKey, MasterKeyXmlEncryptor.TagSize))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

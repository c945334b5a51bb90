package io.cookexecutor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.tls.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir static Path shared;
  static TestCa ca;
  static TestCa.Identity client;

  @TempDir Path dir;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = TestCa.create(shared, "pem");
    client = ca.client("client");
  }

  @Test
  void readsTheCertificateOfAPemFile() throws Exception {
    List<X509Certificate> certificates = Pem.certificates(ca.certFile());

    assertThat(certificates).singleElement()
        .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=pem Test CA"));
  }

  @Test
  void readsEveryCertificateOfABundleInOrderWithTextAround() throws Exception {
    Path bundle = write("bundle.pem", "# the CA\n" + read(ca.certFile()) + "\nsome notes\r\n"
        + read(client.certFile()).replace("\n", "\r\n") + "trailing text");

    assertThat(Pem.certificates(bundle)).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=pem Test CA", "CN=client");
  }

  @Test
  void refusesAFileWithNoCertificate() throws Exception {
    Path garbage = write("garbage.pem", "this is not a certificate\n");

    assertThatThrownBy(() -> Pem.certificates(garbage)).isInstanceOf(TlsSetupException.class)
        .hasMessage(garbage + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void refusesAnEmptyFile() throws Exception {
    Path empty = write("empty.pem", "");

    assertThatThrownBy(() -> Pem.certificates(empty)).hasMessageContaining("holds no PEM certificate");
  }

  @Test
  void refusesACertificateBlockThatDoesNotParse() throws Exception {
    Path broken = write("broken.pem", read(ca.certFile()) + "-----BEGIN CERTIFICATE-----\nAAAA\n"
        + "-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> Pem.certificates(broken)).isInstanceOf(TlsSetupException.class)
        .hasMessageStartingWith("certificate 2 in " + broken + " does not parse");
  }

  @Test
  void refusesACertificateBlockThatIsNotBase64() throws Exception {
    Path broken = write("broken.pem", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> Pem.certificates(broken))
        .hasMessage("certificate 1 in " + broken + " is not valid base64");
  }

  @Test
  void refusesAMissingFileOrADirectory() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> Pem.certificates(missing)).hasMessage(missing + " does not exist");
    assertThatThrownBy(() -> Pem.certificates(dir))
        .hasMessage(dir + " is a directory, not a certificate file");
  }

  @Test
  void readsEveryCertificateFileOfADirectoryAndSkipsTheRest() throws Exception {
    Files.copy(client.certFile(), dir.resolve("b.pem"));
    Files.copy(ca.certFile(), dir.resolve("a.pem"));
    write("README", "certificates for the agent\n");
    write(".hidden.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Files.createDirectory(dir.resolve("sub"));
    Files.copy(ca.certFile(), dir.resolve("sub").resolve("c.pem"));

    assertThat(Pem.certificatesInDir(dir)).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=pem Test CA", "CN=client");
  }

  @Test
  void skipsAFileWhoseCertificateDoesNotParseInADirectory() throws Exception {
    Files.copy(ca.certFile(), dir.resolve("good.pem"));
    write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThat(Pem.certificatesInDir(dir)).hasSize(1);
  }

  @Test
  void refusesADirectoryWithNoCertificate() throws Exception {
    assertThatThrownBy(() -> Pem.certificatesInDir(dir)).isInstanceOf(TlsSetupException.class)
        .hasMessage(dir + " holds no PEM certificate in any of its 0 files");
    write("notes.txt", "nothing here");
    assertThatThrownBy(() -> Pem.certificatesInDir(dir))
        .hasMessage(dir + " holds no PEM certificate in any of its 1 files");
  }

  @Test
  void refusesAMissingDirectoryOrAFileAsDirectory() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> Pem.certificatesInDir(missing)).hasMessage(missing + " does not exist");
    assertThatThrownBy(() -> Pem.certificatesInDir(ca.certFile()))
        .hasMessage(ca.certFile() + " is not a directory");
  }

  @Test
  void readsAPkcs8Key() throws Exception {
    PrivateKey key = Pem.privateKey(client.keyFile(), "EC");

    assertThat(key.getAlgorithm()).isEqualTo("EC");
    assertThat(key.getFormat()).isEqualTo("PKCS#8");
  }

  @Test
  void readsAPkcs1RsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path file = write("rsa.key", TestCa.pem("RSA PRIVATE KEY", TestCa.pkcs1Of(pair.getPrivate().getEncoded())));

    PrivateKey key = Pem.privateKey(file, "RSA");

    assertThat(key.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void refusesAPkcs1KeyForACertificateThatIsNotRsa() throws Exception {
    Path file = write("rsa.key", TestCa.pem("RSA PRIVATE KEY", new byte[] {0x30, 0x00}));

    assertThatThrownBy(() -> Pem.privateKey(file, "EC"))
        .hasMessage(file + " holds an RSA key but the certificate's key is EC");
  }

  @Test
  void refusesEncryptedKeysWithAClearMessage() throws Exception {
    Path pkcs8 = write("p8.key", TestCa.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    Path traditional = write("p1.key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
        + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    for (Path file : List.of(pkcs8, traditional)) {
      assertThatThrownBy(() -> Pem.privateKey(file, "RSA"))
          .hasMessageStartingWith(file + " holds an encrypted private key, which is not supported");
    }
  }

  @Test
  void refusesSec1EcKeysWithTheWayToConvertThem() throws Exception {
    Path file = write("ec.key", TestCa.pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> Pem.privateKey(file, "EC"))
        .hasMessage(file + " holds an unsupported key format (EC PRIVATE KEY); convert it to unencrypted"
            + " PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
  }

  @Test
  void refusesAKeyOfAnotherAlgorithmWithoutQuotingIt() throws Exception {
    String body = read(client.keyFile());

    assertThatThrownBy(() -> Pem.privateKey(client.keyFile(), "RSA"))
        .hasMessage(client.keyFile() + " does not hold a valid RSA private key (is it the key of the"
            + " certificate?)")
        .satisfies(e -> assertThat(body).doesNotContain(e.getMessage()));
  }

  @Test
  void refusesAFileWithNoKey() {
    assertThatThrownBy(() -> Pem.privateKey(client.certFile(), "EC"))
        .hasMessage(client.certFile() + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }
}

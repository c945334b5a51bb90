package io.cookexecutor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made at test time with the JDK's {@code keytool}: no key or certificate is ever
 * checked in. Certificates are valid for two days and use EC P-256 keys unless RSA is asked for.
 */
public final class TestCa {
  private static final String STORE_PASSWORD = "test-only";
  private static final long KEYTOOL_SECONDS = 60;
  private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

  private final Path dir;
  private final String name;
  private final Path store;
  private final Path certFile;

  private TestCa(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    this.store = dir.resolve(name + "-ca.p12");
    this.certFile = dir.resolve(name + "-ca.pem");
  }

  /** A certificate and its PKCS#8 private key, both PEM files. */
  public record Identity(Path certFile, Path keyFile) {}

  /** Makes a new CA called {@code name} with its files in {@code dir}. */
  public static TestCa create(Path dir, String name) throws IOException {
    TestCa ca = new TestCa(dir, name);
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name + " Test CA", "-ext", "bc:c", "-validity", "2",
        "-keystore", ca.store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool(dir, "-exportcert", "-alias", "ca", "-rfc", "-file", ca.certFile.toString(),
        "-keystore", ca.store.toString(), "-storepass", STORE_PASSWORD);
    return ca;
  }

  /** The CA's certificate, PEM: the trust anchor to give to the other side. */
  public Path certFile() {
    return certFile;
  }

  /** A server certificate for 127.0.0.1 (IP subjectAltName, serverAuth), as an agent on 127.0.0.1 needs. */
  public Identity server(String entity) throws IOException {
    return issue(entity, "CN=127.0.0.1", "EC", "san=ip:127.0.0.1", "eku=serverAuth");
  }

  /** A client certificate (clientAuth) named {@code CN=entity}. */
  public Identity client(String entity) throws IOException {
    return issue(entity, "CN=" + entity, "EC", "eku=clientAuth");
  }

  /**
   * A certificate for {@code subject} with a fresh key of {@code keyAlgorithm} (EC or RSA), signed by this CA
   * with the given keytool {@code -ext} values; files named after {@code entity}.
   */
  public Identity issue(String entity, String subject, String keyAlgorithm, String... extensions)
      throws IOException {
    Path entityStore = dir.resolve(name + "-" + entity + ".p12");
    Path request = dir.resolve(name + "-" + entity + ".csr");
    Path cert = dir.resolve(name + "-" + entity + ".pem");
    Path key = dir.resolve(name + "-" + entity + ".key");
    List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", entity, "-dname", subject,
        "-keyalg", keyAlgorithm, "-validity", "2", "-keystore", entityStore.toString(), "-storetype", "PKCS12",
        "-storepass", STORE_PASSWORD));
    if (keyAlgorithm.equals("EC")) {
      generate.addAll(List.of("-groupname", "secp256r1"));
    } else {
      generate.addAll(List.of("-keysize", "2048"));
    }
    keytool(dir, generate.toArray(new String[0]));
    keytool(dir, "-certreq", "-alias", entity, "-file", request.toString(),
        "-keystore", entityStore.toString(), "-storepass", STORE_PASSWORD);
    List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-rfc", "-validity", "2",
        "-infile", request.toString(), "-outfile", cert.toString(),
        "-keystore", store.toString(), "-storepass", STORE_PASSWORD));
    for (String extension : extensions) {
      sign.add("-ext");
      sign.add(extension);
    }
    keytool(dir, sign.toArray(new String[0]));
    Files.writeString(key, pem("PRIVATE KEY", privateKey(entityStore, entity).getEncoded()),
        StandardCharsets.US_ASCII);
    return new Identity(cert, key);
  }

  /** {@code der} as a PEM block of {@code type}, 64 characters a line. */
  public static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static Key privateKey(Path store, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, STORE_PASSWORD.toCharArray());
      return keys.getKey(alias, STORE_PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key of " + alias + " from " + store, e);
    }
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(KEYTOOL.toString());
    command.addAll(List.of(args));
    command.add("-noprompt");
    // A short-lived tool: the C1 compiler alone starts it fastest.
    command.add("-J-XX:TieredStopAtLevel=1");
    Path output = dir.resolve("keytool.out");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    try {
      if (!p.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS);
        throw new IOException("keytool " + args[0] + " did not finish within " + KEYTOOL_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): "
          + Files.readString(output, StandardCharsets.UTF_8));
    }
  }

  /** The DER bytes of the first PEM block in {@code file}. */
  public static byte[] der(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
  public static byte[] pkcs1Of(byte[] pkcs8) {
    int[] at = {0};
    header(pkcs8, at, 0x30);
    int version = header(pkcs8, at, 0x02);
    at[0] += version;
    int algorithm = header(pkcs8, at, 0x30);
    at[0] += algorithm;
    int length = header(pkcs8, at, 0x04);
    return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
  }

  /** Reads a DER tag, which must be {@code tag}, and its length; leaves {@code at} on the content. */
  private static int header(byte[] der, int[] at, int tag) {
    if ((der[at[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("not the PKCS#8 structure expected");
    }
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = length << 8 | (der[at[0]++] & 0xff);
    }
    return length;
  }
}

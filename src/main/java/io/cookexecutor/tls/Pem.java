package io.cookexecutor.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import io.cookexecutor.text.Charsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.cookexecutor.log.Log;

/** Reads PEM certificates and private keys into JDK types; errors name the file, never the key's bytes. */
public final class Pem {
  private static final Log LOG = Log.of(Pem.class);
  /** Trust bundles are a few hundred KiB; anything this large is the wrong file, not a PEM file. */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String CERTIFICATE = "CERTIFICATE";
  /** The RFC 1421 header of an OpenSSL "traditional" encrypted key. */
  private static final Pattern ENCRYPTED_HEADER = Pattern.compile("(?m)^Proc-Type:.*ENCRYPTED");
  /** DER of AlgorithmIdentifier {rsaEncryption, NULL}, the part PKCS#1 lacks to be PKCS#8. */
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
  };

  private Pem() {}

  /** Every certificate in a PEM file, in order; a file with none, or one that does not parse, is an error. */
  public static List<X509Certificate> certificates(Path file) throws TlsSetupException {
    List<X509Certificate> certificates = parseCertificates(file, read(file, "certificate file"));
    if (certificates.isEmpty()) {
      throw new TlsSetupException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /**
   * Every certificate in the regular files of a directory (hidden ones aside), in name order. Files with no
   * certificate (CRLs, notes) are skipped, as OpenSSL's lookup would; a file whose certificate does not
   * parse is skipped with a warning. A directory that yields no certificate at all is an error.
   */
  public static List<X509Certificate> certificatesInDir(Path dir) throws TlsSetupException {
    if (!Files.isDirectory(dir)) {
      throw new TlsSetupException(dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new TlsSetupException(describe(dir, e), e);
    }
    files.sort(null);
    List<X509Certificate> certificates = new ArrayList<>();
    for (Path file : files) {
      try {
        certificates.addAll(parseCertificates(file, read(file, "certificate file")));
      } catch (TlsSetupException e) {
        LOG.warn("Skipping {} in the CA directory: {}", file.getFileName(), e.getMessage());
      }
    }
    if (certificates.isEmpty()) {
      throw new TlsSetupException(dir + " holds no PEM certificate in any of its " + files.size()
          + " files");
    }
    return certificates;
  }

  /**
   * The private key of a PEM file for a certificate whose public key is of {@code algorithm} ("RSA",
   * "EC", ...): PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), unencrypted.
   */
  public static PrivateKey privateKey(Path file, String algorithm) throws TlsSetupException {
    String text = read(file, "key file");
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue;
      }
      String body = m.group(2);
      if (type.equals("ENCRYPTED PRIVATE KEY") || ENCRYPTED_HEADER.matcher(body).find()) {
        throw new TlsSetupException(file + " holds an encrypted private key, which is not supported; "
            + "store it unencrypted (openssl pkcs8 -topk8 -nocrypt) and protect the file instead");
      }
      byte[] der = base64(body);
      if (der == null) {
        throw new TlsSetupException(file + ": the " + type + " block is not valid base64");
      }
      if (type.equals("RSA PRIVATE KEY")) {
        if (!algorithm.equals("RSA")) {
          throw new TlsSetupException(file + " holds an RSA key but the certificate's key is " + algorithm);
        }
        der = pkcs1ToPkcs8(der);
      } else if (!type.equals("PRIVATE KEY")) {
        throw new TlsSetupException(file + " holds an unsupported key format (" + type + "); convert it to "
            + "unencrypted PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
      }
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // The exception's text may quote the encoding; the file name and the type say enough.
        throw new TlsSetupException(file + " does not hold a valid " + algorithm + " private key "
            + "(is it the key of the certificate?)");
      }
    }
    throw new TlsSetupException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static List<X509Certificate> parseCertificates(Path file, String text) throws TlsSetupException {
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new TlsSetupException("this JVM cannot read X.509 certificates: " + e.getMessage(), e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    int index = 0;
    while (m.find()) {
      if (!m.group(1).equals(CERTIFICATE)) {
        continue;
      }
      index++;
      byte[] der = base64(m.group(2));
      if (der == null) {
        throw new TlsSetupException("certificate " + index + " in " + file + " is not valid base64");
      }
      try {
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | ClassCastException e) {
        throw new TlsSetupException("certificate " + index + " in " + file + " does not parse: "
            + e.getMessage(), e);
      }
    }
    return certificates;
  }

  private static String read(Path file, String what) throws TlsSetupException {
    try {
      if (Files.isDirectory(file)) {
        throw new TlsSetupException(file + " is a directory, not a " + what);
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new TlsSetupException(file + " is larger than " + MAX_FILE_BYTES / (1024 * 1024)
            + " MiB: not a PEM " + what);
      }
      // PEM is ASCII; ISO-8859-1 maps every byte, so a binary (DER) file reads as "no block" instead of failing.
      return Files.readString(file, Charsets.ISO_8859_1);
    } catch (IOException e) {
      throw new TlsSetupException(describe(file, e), e);
    }
  }

  /** The decoded body, headers and line breaks ignored; null when it is not base64. */
  private static byte[] base64(String body) {
    StringBuilder b64 = new StringBuilder(body.length());
    for (String line : body.split("\r?\n")) {
      // RFC 1421 headers (Proc-Type, DEK-Info) are the only lines with a colon.
      if (line.indexOf(':') < 0) {
        b64.append(line.strip());
      }
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption). */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream(pkcs1.length + 32);
    content.writeBytes(new byte[] {0x02, 0x01, 0x00});
    content.writeBytes(RSA_ALGORITHM);
    content.write(0x04);
    writeLength(content, pkcs1.length);
    content.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.size() + 6);
    out.write(0x30);
    writeLength(out, content.size());
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(length >>> (8 * i));
    }
  }

  private static String describe(Path path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return path + " does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return path + " cannot be read: permission denied";
    }
    return path + " cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }
}

package io.cookexecutor.tls;

import io.cookexecutor.config.TlsOptions;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import io.cookexecutor.text.Charsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS to the agent: the context from the libprocess variables, the handshake, and why a connection failed. */
public final class TlsSockets {
  // Only touched when SSL is enabled, so the plain start-up path never loads JSSE.
  /** Protects nothing: the key store only hands the key to the KeyManagerFactory and never leaves memory. */
  private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();
  private static final String NO_CLIENT_CERTIFICATE =
      "; it may require a client certificate, and none is configured (LIBPROCESS_SSL_CERT_FILE, "
          + "LIBPROCESS_SSL_KEY_FILE)";

  private final SSLSocketFactory factory;
  private final boolean verify;
  private final boolean clientCertificate;
  private final String summary;

  private TlsSockets(SSLSocketFactory factory, boolean verify, boolean clientCertificate, String summary) {
    this.factory = factory;
    this.verify = verify;
    this.clientCertificate = clientCertificate;
    this.summary = summary;
  }

  /** Reads the trust anchors and the client certificate; never falls back to trusting everything. */
  public static TlsSockets create(TlsOptions options) throws TlsSetupException {
    List<X509Certificate> anchors = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    if (options.caFile().isPresent()) {
      anchors.addAll(Pem.certificates(options.caFile().get()));
      sources.add("the CA file " + options.caFile().get());
    }
    if (options.caDir().isPresent()) {
      anchors.addAll(Pem.certificatesInDir(options.caDir().get()));
      sources.add("the CA directory " + options.caDir().get());
    }
    String trustSource = sources.isEmpty() ? "the system trust store" : String.join(" and ", sources);
    TrustManager trust = new AgentTrustManager(trustManager(anchors), options.verifyCert(), trustSource);
    KeyManager[] keys = null;
    String client = "no client certificate";
    if (options.clientCertificate()) {
      Path certFile = options.certFile().orElseThrow();
      List<X509Certificate> chain = Pem.certificates(certFile);
      keys = keyManagers(chain, options.keyFile().orElseThrow(), certFile);
      client = "client certificate " + chain.get(0).getSubjectX500Principal().getName() + " from " + certFile;
    }
    SSLContext context = context(keys, trust);
    String summary = "trusting " + trustSource
        + (anchors.isEmpty() ? "" : " (" + anchors.size() + " certificate" + (anchors.size() == 1 ? "" : "s") + ")")
        + "; " + (options.verifyCert() ? "certificate and host name verified" : "certificate NOT verified")
        + "; " + client;
    return new TlsSockets(context.getSocketFactory(), options.verifyCert(), options.clientCertificate(), summary);
  }

  /** What the connections trust and present, for the log; no secrets in it. */
  public String summary() {
    return summary;
  }

  /** A trust manager over {@code anchors}, or over the system trust store when there are none. */
  static X509ExtendedTrustManager trustManager(List<X509Certificate> anchors) throws TlsSetupException {
    try {
      KeyStore store = null;
      if (!anchors.isEmpty()) {
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
          store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager m : factory.getTrustManagers()) {
        if (m instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new TlsSetupException("this JVM has no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsSetupException("the trust anchors cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** Key managers presenting the PEM certificate chain in {@code certFile} with the key in {@code keyFile}. */
  static KeyManager[] keyManagers(Path certFile, Path keyFile) throws TlsSetupException {
    return keyManagers(Pem.certificates(certFile), keyFile, certFile);
  }

  /** A TLS context with these managers; null key managers present no certificate, null trust JSSE's default. */
  static SSLContext context(KeyManager[] keys, TrustManager trust) throws TlsSetupException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust == null ? null : new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException("TLS is not available in this JVM: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(List<X509Certificate> chain, Path keyFile, Path certFile)
      throws TlsSetupException {
    X509Certificate leaf = chain.get(0);
    PrivateKey key = Pem.privateKey(keyFile, leaf.getPublicKey().getAlgorithm());
    checkPair(leaf, key, certFile, keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsSetupException("the certificate in " + certFile + " and the key in " + keyFile
          + " cannot be used together: " + e.getClass().getSimpleName(), e);
    }
  }

  /** A key that does not belong to its certificate only shows as an obscure handshake failure: catch it here. */
  private static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile)
      throws TlsSetupException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      case "DSA" -> "SHA256withDSA";
      default -> null; // nothing simple to test it with; the agent will judge
    };
    if (algorithm == null) {
      return;
    }
    byte[] probe = "cook-executor key check".getBytes(Charsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new TlsSetupException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
    }
  }

  /**
   * Runs the TLS handshake over the connected {@code tcp} socket, bounded by {@code handshakeTimeoutMs}, with
   * {@code host} as the name the certificate must carry (and the SNI name, for a DNS name). A failure is an
   * {@link SSLException} whose message says what was refused and why.
   */
  public Socket handshake(Socket tcp, String host, int port, int handshakeTimeoutMs, int readTimeoutMs)
      throws IOException {
    SSLSocket ssl;
    try {
      ssl = (SSLSocket) factory.createSocket(tcp, host, port, true);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
    try {
      SSLParameters parameters = ssl.getSSLParameters();
      // "HTTPS" is RFC 2818: DNS names against DNS subjectAltNames, IP literals against IP subjectAltNames.
      parameters.setEndpointIdentificationAlgorithm(verify ? "HTTPS" : null);
      ssl.setSSLParameters(parameters);
      ssl.setSoTimeout(handshakeTimeoutMs);
      ssl.startHandshake();
      ssl.setSoTimeout(readTimeoutMs);
      return ssl;
    } catch (IOException e) {
      ssl.close();
      throw new SSLException(handshakeFailure(e, host + ":" + port, handshakeTimeoutMs), e);
    }
  }

  /**
   * Explains a failure between a completed handshake and the answer's head. With TLS 1.3 the agent checks
   * the client certificate after the client's handshake is done, so its refusal shows up here.
   */
  public IOException unanswered(IOException e, String address) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof SSLException && isAlert(message)) {
      return new SSLException(refused(address, message), e);
    }
    if (e instanceof SocketException || e instanceof EOFException || e instanceof SSLException) {
      return new SSLException("the agent at " + address + " closed the TLS connection before answering ("
          + message + ")" + (clientCertificate ? "" : NO_CLIENT_CERTIFICATE), e);
    }
    return e;
  }

  private String handshakeFailure(IOException e, String address, int timeoutMs) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AgentTrustManager.Untrusted) {
        return "TLS handshake with " + address + " failed: " + t.getMessage();
      }
    }
    if (e instanceof SocketTimeoutException) {
      return "no TLS handshake with " + address + " within " + timeoutMs + " ms (does the agent speak TLS?)";
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")) {
      return "the agent at " + address + " did not answer in TLS; is SSL enabled on the agent? (" + message + ")";
    }
    if (isAlert(message)) {
      return refused(address, message);
    }
    return "TLS handshake with " + address + " failed: " + message;
  }

  private String refused(String address, String alert) {
    String hint = "";
    if (alert.toLowerCase(Locale.ROOT).contains("certificate")) {
      hint = clientCertificate ? "; it did not accept the client certificate (LIBPROCESS_SSL_CERT_FILE)"
          : NO_CLIENT_CERTIFICATE;
    }
    return "the agent at " + address + " refused the TLS connection (" + alert + ")" + hint;
  }

  private static boolean isAlert(String message) {
    return message.contains("Received fatal alert");
  }
}

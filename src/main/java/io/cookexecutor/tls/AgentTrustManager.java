package io.cookexecutor.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import io.cookexecutor.log.Log;

/** PKIX checks of the agent's certificate that say which one was refused and why; a warning when not verifying. */
final class AgentTrustManager extends X509ExtendedTrustManager {
  private static final Log LOG = Log.of(AgentTrustManager.class);

  private final X509ExtendedTrustManager pkix;
  private final boolean verify;
  private final String trustSource;
  private final AtomicBoolean warned = new AtomicBoolean();

  AgentTrustManager(X509ExtendedTrustManager pkix, boolean verify, String trustSource) {
    this.pkix = pkix;
    this.verify = verify;
    this.trustSource = trustSource;
  }

  /** The certificate was refused; the message is the whole explanation. */
  static final class Untrusted extends CertificateException {
    private static final long serialVersionUID = 1L;

    Untrusted(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One step of PKIX checking, to be explained when it fails. */
  private interface Check {
    void run() throws CertificateException;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = socket instanceof SSLSocket s ? peerHost(s.getHandshakeSession()) : null;
    check(chain, host, () -> pkix.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = engine == null ? null : peerHost(engine.getHandshakeSession());
    check(chain, host, () -> pkix.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, null, () -> pkix.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void check(X509Certificate[] chain, String host, Check check) throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      String why = explain(chain, host, e);
      if (verify) {
        throw new Untrusted(why, e);
      }
      if (warned.compareAndSet(false, true)) {
        LOG.warn("{}{}; accepted only because LIBPROCESS_SSL_VERIFY_CERT is off: the connection to the agent "
            + "is encrypted but not authenticated", Character.toUpperCase(why.charAt(0)), why.substring(1));
      }
    }
  }

  private String explain(X509Certificate[] chain, String host, CertificateException e) {
    String detail = rootMessage(e);
    if (chain == null || chain.length == 0) {
      return "the agent sent no certificate (" + detail + ")";
    }
    X509Certificate leaf = chain[0];
    String subject = leaf.getSubjectX500Principal().getName();
    String lower = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
      String at = host == null ? "the agent's address" : host;
      String hint = host != null && isIpLiteral(host)
          ? "; an agent addressed by IP needs that IP in its certificate's subjectAltName (IP:" + host + ")"
          : "";
      return "the agent's certificate (subject " + subject + ", names " + names(leaf)
          + ") does not match " + at + hint;
    }
    return "the agent's certificate (subject " + subject + ", issuer "
        + leaf.getIssuerX500Principal().getName() + ") is not trusted by " + trustSource + " (" + detail + ")";
  }

  private static String peerHost(SSLSession session) {
    return session == null ? null : session.getPeerHost();
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal rather than a name. */
  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /** The subjectAltNames as {@code IP:a, DNS:b}, or {@code none}. */
  private static String names(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          Object type = name.get(0);
          String label = Integer.valueOf(7).equals(type) ? "IP" : Integer.valueOf(2).equals(type) ? "DNS" : null;
          if (label != null) {
            out.add(label + ":" + name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return "unreadable";
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  /** The innermost message, which says what PKIX found ("unable to find valid certification path ..."). */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}

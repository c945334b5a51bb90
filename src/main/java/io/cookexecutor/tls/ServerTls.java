package io.cookexecutor.tls;

import java.io.IOException;
import java.net.ServerSocket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;

/** The agent's side of TLS, built once from {@link AgentTls} and used for every listening socket. */
public final class ServerTls {
  private final SSLContext context;
  private final boolean needClientAuth;

  private ServerTls(SSLContext context, boolean needClientAuth) {
    this.context = context;
    this.needClientAuth = needClientAuth;
  }

  /** Reads the PEM files; a problem with them is an IOException naming the file. */
  public static ServerTls from(AgentTls tls) throws IOException {
    try {
      // Without a client CA nothing is checked, and JSSE's default trust managers are never consulted.
      TrustManager trust = tls.clientCaFile().isPresent()
          ? TlsSockets.trustManager(Pem.certificates(tls.clientCaFile().get())) : null;
      SSLContext context = TlsSockets.context(TlsSockets.keyManagers(tls.certFile(), tls.keyFile()), trust);
      return new ServerTls(context, tls.clientCaFile().isPresent());
    } catch (TlsSetupException e) {
      throw new IOException("the agent's TLS cannot be set up: " + e.getMessage(), e);
    }
  }

  /** An unbound TLS server socket, requiring client certificates when a client CA is configured. */
  public ServerSocket newServerSocket() throws IOException {
    SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    socket.setNeedClientAuth(needClientAuth);
    return socket;
  }
}

package io.cookexecutor.local.agent;

import io.cookexecutor.tls.ServerTls;
import io.cookexecutor.http.HttpRequest;
import io.cookexecutor.http.HttpRequestReader;
import io.cookexecutor.http.HttpResponses;
import io.cookexecutor.lifetime.Closing;
import io.cookexecutor.lifetime.Threads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import io.cookexecutor.log.Log;

/**
 * A small HTTP/1.1 server on 127.0.0.1, one named thread per connection. Plain requests keep the connection
 * alive; an answer that opens an event stream keeps its connection until either side closes it. Stopping
 * is clean, as an agent that exits after answering: a call is either taken and answered, or not taken at
 * all (its connection closes unanswered), never taken with its answer cut off.
 *
 * <p>Why not {@code jdk.httpserver}, as the scheduler stand-in and the sidecar use: the tests make this
 * server a broken agent through its seams, which that server cannot be made to be: write arbitrary bytes
 * as a chunk of the event stream ({@link StreamHandle}) and cut records across chunks
 * ({@link RecordChunking}), cut a connection in the middle of an answer, keep a call silent forever while
 * its connection stays open ({@link CallInterceptor}); and it answers a malformed request with the agent's
 * own 400/431 before closing. It reads requests with the one HTTP/1.1 codec of the project
 * ({@code io.cookexecutor.http}: lines and chunked bodies), which the executor's client uses as well.
 */
final class AgentServer {
  private static final Log LOG = Log.of(AgentServer.class);
  private static final long JOIN_MILLIS = 2000;

  private final Function<HttpRequest, Reply> handler;
  private final Consumer<EventWriter> streamClosed;
  private final Supplier<RecordChunking> chunking;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionCount = new AtomicInteger();
  /** Null for plain HTTP. */
  private final ServerTls tls;
  private int port;
  private ServerSocket listener;
  private Thread acceptor;
  /** Held (shared) while a call is taken and answered; stopping takes it exclusively. */
  private final ReentrantReadWriteLock answering = new ReentrantReadWriteLock();

  /** Serves on {@code bound} (see {@link #bind}, with the same {@code tls}) from now on. */
  AgentServer(ServerSocket bound, ServerTls tls, Function<HttpRequest, Reply> handler,
      Consumer<EventWriter> streamClosed, Supplier<RecordChunking> chunking) {
    this.tls = tls;
    this.handler = handler;
    this.streamClosed = streamClosed;
    this.chunking = chunking;
    listenOn(bound);
  }

  /** A listening socket on 127.0.0.1:{@code port} (0 = any free port), TLS when {@code tls} is not null. */
  static ServerSocket bind(int port, ServerTls tls) throws IOException {
    ServerSocket socket = tls == null ? new ServerSocket() : tls.newServerSocket();
    try {
      // The same port is bound again after stopListening while old connections may sit in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 50);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private synchronized void listenOn(ServerSocket socket) {
    listener = socket;
    port = socket.getLocalPort();
    acceptor = Threads.start("local-agent-" + port + "-accept", () -> acceptLoop(socket));
  }

  synchronized int port() {
    return port;
  }

  synchronized boolean listening() {
    return listener != null;
  }

  /**
   * Closes the listening socket and every connection: new connections are refused until restarted. Calls
   * being answered get their answer first (bounded); calls read from now on are not taken.
   */
  void stopListening() {
    Thread oldAcceptor;
    synchronized (this) {
      if (listener == null) {
        return;
      }
      Closing.quietly(listener);
      listener = null;
      oldAcceptor = acceptor;
      acceptor = null;
    }
    boolean quiet = false;
    try {
      quiet = answering.writeLock().tryLock(JOIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connections.forEach(Closing::quietly);
    } finally {
      if (quiet) {
        answering.writeLock().unlock();
      }
    }
    join(List.of(oldAcceptor));
  }

  /** Listens again on the port used before; does nothing while listening. */
  synchronized void resumeListening() throws IOException {
    if (listener == null) {
      listenOn(bind(port, tls));
    }
  }

  /** Stops listening and waits (bounded) for the connection threads to end. */
  void close() {
    stopListening();
    join(List.copyOf(threads));
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        break;
      }
      connections.add(connection);
      Thread t = Threads.daemon("local-agent-" + port + "-conn-" + connectionCount.incrementAndGet(),
          () -> serve(connection));
      threads.add(t);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (!listening()) {
        return; // closed by stopListening before this thread started
      }
      socket.setTcpNoDelay(true);
      converse(socket, new BufferedInputStream(socket.getInputStream()),
          new BufferedOutputStream(socket.getOutputStream()));
    } catch (SSLException e) {
      // What a `local` user needs to see when the executor's TLS settings do not fit the agent's.
      LOG.info("TLS connection from the executor failed: {}", e.getMessage());
    } catch (IOException e) {
      if (!socket.isClosed()) {
        LOG.debug("Connection ended: {}", e.toString());
      }
    } catch (RuntimeException e) {
      LOG.warn("Request handling failed; closing the connection", e);
    } finally {
      connections.remove(socket);
      threads.remove(Thread.currentThread());
    }
  }

  /** Answers the connection's requests in turn until one closes it, hangs or opens the event stream. */
  private void converse(Socket socket, InputStream in, OutputStream out) throws IOException {
    HttpRequestReader reader = new HttpRequestReader(in, out);
    while (true) {
      HttpRequest request;
      try {
        request = reader.read();
      } catch (HttpRequestReader.MalformedRequestException e) {
        HttpResponses.write(out, e.status(), List.of(), new byte[0], false);
        return;
      }
      if (request == null) {
        return;
      }
      Reply reply;
      boolean keepAlive = request.keepAlive();
      answering.readLock().lock();
      try {
        if (!listening()) {
          return; // stopping: this call is not taken
        }
        reply = handler.apply(request);
        if (!reply.hangs() && reply.streamEncoding() == null) {
          HttpResponses.write(out, reply.status(), reply.headers(), reply.body(), keepAlive);
        }
      } finally {
        answering.readLock().unlock();
      }
      if (reply.hangs()) {
        in.transferTo(OutputStream.nullOutputStream()); // never answered, until either side closes
        return;
      }
      if (reply.streamEncoding() != null) {
        holdStream(socket, in, out, reply);
        return;
      }
      if (reply.afterWrite() != null) {
        reply.afterWrite().run();
      }
      if (!keepAlive) {
        return;
      }
    }
  }

  /** Hands the event stream to the reply, then reads (and ignores) the connection until either side closes. */
  private void holdStream(Socket socket, InputStream in, OutputStream out, Reply reply) {
    EventWriter stream = new EventWriter(socket, out, reply.streamEncoding(), chunking);
    try {
      reply.onStreamOpen().accept(stream);
      if (stream.isOpen()) {
        in.transferTo(OutputStream.nullOutputStream()); // nothing is expected from the executor here
      }
    } catch (IOException e) {
      // The stream's socket was closed: dropped, replaced, or the agent is stopping.
    } finally {
      stream.drop();
      streamClosed.accept(stream);
    }
  }

  private static void join(List<Thread> toJoin) {
    long deadline = System.currentTimeMillis() + JOIN_MILLIS;
    for (Thread t : toJoin) {
      if (t == null || t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

}

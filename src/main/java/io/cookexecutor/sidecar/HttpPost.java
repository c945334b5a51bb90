package io.cookexecutor.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * One JSON POST over {@link HttpURLConnection}, which is in {@code java.base} and starts with a few classes
 * and no threads (the JDK's {@code java.net.http.HttpClient} starts a selector thread and loads several
 * hundred classes: start-up the sidecar pays under a 0.1-CPU quota). Redirects are not followed here:
 * {@link PostDecisions} decides. The connection in flight can be aborted from another thread.
 */
final class HttpPost {
  /** Bytes of an answer's body read (and dropped) so that the connection can be reused. */
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  private volatile HttpURLConnection inFlight;
  private volatile boolean aborted;

  /** POSTs {@code body} to {@code url}; {@code timeout} bounds the connect and each wait for the answer. */
  PostResult post(URI url, byte[] body, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) url.toURL().openConnection();
      inFlight = c; // opening connects nothing yet: an abort from now on disconnects it
      if (aborted) {
        return PostResult.failed("aborted");
      }
      c.setRequestMethod("POST");
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      drain(status >= 400 ? c.getErrorStream() : c.getInputStream());
      if (status == 307) {
        String location = c.getHeaderField("Location");
        if (location != null) {
          try {
            return PostResult.redirected(url.resolve(new URI(location.strip())));
          } catch (URISyntaxException | IllegalArgumentException e) {
            return PostResult.answered(307); // no usable Location: a failure
          }
        }
      }
      return PostResult.answered(status);
    } catch (IOException | IllegalArgumentException e) {
      if (c != null) {
        c.disconnect(); // a timed-out connection is not reused
      }
      return PostResult.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      inFlight = null;
    }
  }

  /** Aborts the POST in flight, if any, and every later one. */
  void abort() {
    aborted = true;
    HttpURLConnection c = inFlight;
    if (c != null) {
      c.disconnect();
    }
  }

  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try (in) {
      in.readNBytes(MAX_ANSWER_BYTES);
    }
  }
}

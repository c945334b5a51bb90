package io.cookexecutor.local.agent;

import io.cookexecutor.http.HttpRequest;
import io.cookexecutor.http.MediaRanges;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cookexecutor.agent.Encoding;
import io.cookexecutor.json.JsonException;
import io.cookexecutor.json.JsonReader;
import io.cookexecutor.text.Charsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Answers requests to {@code /api/v1/executor} in the order of a Mesos 1.11 agent's handler: routing,
 * authentication, method, media type and decoding, validation, Accept, framework and executor lookup,
 * subscription, then the call itself. (Recovery, which comes after routing, never happens here: the tests
 * play a recovering agent through the {@link CallInterceptor}, asked before all of these.)
 */
final class CallHandler {
  static final String PATH = "/api/v1/executor";

  private final AgentSettings settings;
  private final AgentState state;
  /** Set once by the tests, read by every connection thread. */
  private volatile CallInterceptor interceptor = CallInterceptor.NONE;

  CallHandler(AgentSettings settings, AgentState state) {
    this.settings = settings;
    this.state = state;
  }

  void intercept(CallInterceptor interceptor) {
    this.interceptor = interceptor == null ? CallInterceptor.NONE : interceptor;
  }

  /** Decides the answer, records the call, and performs its effect on the agent state. */
  Reply handle(HttpRequest request) {
    Optional<Encoding> encoding = request.header("Content-Type").flatMap(CallHandler::exactEncoding);
    Decoded decoded = encoding.map(e -> decode(e, request.body())).orElse(Decoded.NONE);
    Optional<CallInterceptor.Answer> intercepted = interceptor.intercept(request.path(),
        Optional.ofNullable(decoded.call()));
    // Answer.never()'s status 0 makes a reply that hangs.
    Reply reply = intercepted.map(a -> Reply.text(a.status(), a.message()))
        .orElseGet(() -> decide(request, encoding, decoded));
    state.record(new ReceivedCall(Instant.now(), request.method(), request.path(), encoding,
        Optional.ofNullable(decoded.call()), reply.status()));
    if (reply.status() != 202 || intercepted.isPresent()) {
      return reply;
    }
    if (decoded.call().getType() == Call.Type.UPDATE) {
      Optional<Event> ack = state.receive(decoded.call().getUpdate().getStatus());
      // The agent acknowledges only after it has answered the call.
      return ack.isPresent() ? Reply.accepted(() -> state.sendAck(ack.get())) : reply;
    }
    if (decoded.call().getType() == Call.Type.MESSAGE) {
      state.message(decoded.call().getMessage().getData().toByteArray());
    }
    return reply;
  }

  /** The agent's checks of the request as HTTP, in its order; then {@link #decideCall} for the call. */
  private Reply decide(HttpRequest request, Optional<Encoding> encoding, Decoded decoded) {
    // libprocess routes before any handler runs.
    if (!PATH.equals(request.path())) {
      return Reply.text(404, "");
    }
    Optional<String> token = settings.token();
    if (token.isPresent() && !authorized(request, token.get())) {
      return Reply.text(401, "Missing or invalid bearer token")
          .withHeader("WWW-Authenticate", "Bearer realm=\"mesos-agent-executor\"");
    }
    if (!"POST".equals(request.method())) {
      return Reply.text(405, "Expecting one of { 'POST' }, but received '" + request.method() + "'")
          .withHeader("Allow", "POST");
    }
    if (request.header("Content-Type").isEmpty()) {
      return Reply.text(400, "Expecting 'Content-Type' to be present");
    }
    if (encoding.isEmpty()) {
      return Reply.text(415, "Expecting 'Content-Type' of " + Encoding.JSON.mediaType() + " or "
          + Encoding.PROTOBUF.mediaType());
    }
    if (decoded.call() == null) {
      return Reply.text(400, decoded.error());
    }
    return decideCall(request, decoded.call());
  }

  /** The agent's checks of a decoded call, in its order, and the call's answer. */
  private Reply decideCall(HttpRequest request, Call call) {
    Optional<String> invalid = CallValidator.validate(call);
    if (invalid.isPresent()) {
      return Reply.text(400, "Failed to validate Executor::Call: " + invalid.get());
    }
    Optional<Encoding> accept = Optional.empty();
    if (call.getType() == Call.Type.SUBSCRIBE) {
      accept = streamEncoding(request.header("Accept"));
      if (accept.isEmpty()) {
        return Reply.text(406, "Expecting 'Accept' to allow '" + Encoding.PROTOBUF.mediaType() + "' or '"
            + Encoding.JSON.mediaType() + "'");
      }
    } else if (call.getType() == Call.Type.HEARTBEAT) {
      return Reply.accepted(null);
    }
    if (!settings.frameworkId().equals(call.getFrameworkId().getValue())) {
      return Reply.text(400, "Framework cannot be found");
    }
    if (!settings.executorId().equals(call.getExecutorId().getValue())) {
      return Reply.text(400, "Executor cannot be found");
    }
    if (call.getType() != Call.Type.SUBSCRIBE && state.subscribeCount() == 0) {
      return Reply.text(403, "Executor is not subscribed");
    }
    return switch (call.getType()) {
      case SUBSCRIBE -> Reply.stream(accept.get(), stream -> state.subscribe(stream, call.getSubscribe()));
      case UPDATE, MESSAGE -> Reply.accepted(null);
      default -> Reply.text(501, "");
    };
  }

  /** The event stream's encoding: JSON first (no Accept header accepts everything, and the agent prefers JSON). */
  private static Optional<Encoding> streamEncoding(Optional<String> accept) {
    if (MediaRanges.accepts(accept, Encoding.JSON.mediaType())) {
      return Optional.of(Encoding.JSON);
    }
    return MediaRanges.accepts(accept, Encoding.PROTOBUF.mediaType()) ? Optional.of(Encoding.PROTOBUF)
        : Optional.empty();
  }

  /** The encoding for a Content-Type the agent accepts: it compares the whole header value exactly. */
  private static Optional<Encoding> exactEncoding(String contentType) {
    return Arrays.stream(Encoding.values()).filter(e -> e.mediaType().equals(contentType)).findFirst();
  }

  private static boolean authorized(HttpRequest request, String token) {
    String given = request.header("Authorization").orElse("");
    byte[] expected = ("Bearer " + token).getBytes(Charsets.UTF_8);
    return MessageDigest.isEqual(expected, given.getBytes(Charsets.UTF_8));
  }

  /**
   * Decodes a body as the agent does: protobuf bytes must parse with every required field present; JSON must
   * first be valid JSON, then convert into a complete Call.
   */
  static Decoded decode(Encoding encoding, byte[] body) {
    Call.Builder builder = Call.newBuilder();
    if (encoding == Encoding.PROTOBUF) {
      try {
        MesosWire.mergeCall(encoding, body, builder);
      } catch (InvalidProtocolBufferException e) {
        return Decoded.error("Failed to parse body into Call protobuf");
      }
      return builder.isInitialized() ? Decoded.of(builder.build())
          : Decoded.error("Failed to parse body into Call protobuf");
    }
    JsonReader json = new JsonReader(body);
    try {
      if (json.next() == JsonReader.Token.END) {
        return Decoded.error("Failed to parse body into JSON: no JSON value");
      }
      json.skipChildren();
      json.finish();
    } catch (JsonException e) {
      return Decoded.error("Failed to parse body into JSON: " + e.getMessage());
    }
    try {
      MesosWire.mergeCall(encoding, body, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return Decoded.error("Failed to convert JSON into Call protobuf: " + e.getMessage());
    }
    if (!builder.isInitialized()) {
      return Decoded.error("Failed to convert JSON into Call protobuf: Missing required fields: "
          + String.join(", ", builder.findInitializationErrors()));
    }
    return Decoded.of(builder.build());
  }

  /** A body decoded into a call, or the agent's message for why it did not decode. */
  record Decoded(Call call, String error) {
    static final Decoded NONE = new Decoded(null, null);

    static Decoded of(Call call) {
      return new Decoded(call, null);
    }

    static Decoded error(String message) {
      return new Decoded(null, message);
    }
  }
}

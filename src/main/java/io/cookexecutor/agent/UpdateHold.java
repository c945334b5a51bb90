package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.mesos.v1.executor.Protos.Call;
import io.cookexecutor.log.Log;

/**
 * Keeps a terminal update (and any update after it, so order is kept) away from the agent while framework
 * messages are still on their way: the scheduler learns a task's exit code and final progress before its
 * end, as from the Python original. The hold ends when the messages settle, or once it has lasted
 * {@link #BOUND} while subscribed, so a hung MESSAGE call holds the terminal update back only briefly; the
 * messages are still retried afterwards. Held updates are not in the ledger, so a re-SUBSCRIBE does not
 * carry them ahead of the messages. Runs on the loop.
 */
final class UpdateHold {
  private static final Log LOG = Log.of(UpdateHold.class);
  /** The longest a terminal update waits for the messages, counted while the agent is reachable. */
  static final Duration BOUND = Duration.ofSeconds(1);

  private final Loop loop;
  private final IntSupplier unsettledMessages;
  private final Consumer<Call.Update> release;
  private final List<Call.Update> held = new ArrayList<>();
  private boolean open;
  private Scheduled timer;

  /** {@code release} takes each update when the hold ends, oldest first. */
  UpdateHold(Loop loop, IntSupplier unsettledMessages, Consumer<Call.Update> release) {
    this.loop = loop;
    this.unsettledMessages = unsettledMessages;
    this.release = release;
  }

  /** Holds {@code update} when it is terminal and messages are unsettled, or when something is held already. */
  boolean offer(Call.Update update, boolean terminal) {
    if (held.isEmpty() && !(terminal && unsettledMessages.getAsInt() > 0)) {
      return false;
    }
    held.add(update);
    arm();
    return true;
  }

  boolean holds(ByteString uuid) {
    return held.stream().anyMatch(u -> u.getStatus().getUuid().equals(uuid));
  }

  /** The held updates, oldest first. */
  List<Call.Update> held() {
    return List.copyOf(held);
  }

  /** Every framework message so far is delivered or given up on: the held updates may go. */
  void messagesSettled() {
    releaseAll();
  }

  /** Subscribed: the bound starts (again) now, since only now can the messages be sent. */
  void resume() {
    open = true;
    arm();
  }

  void pause() {
    open = false;
    cancelTimer();
  }

  private void arm() {
    if (open && timer == null && !held.isEmpty()) {
      timer = loop.schedule(BOUND, () -> {
        timer = null;
        LOG.warn("Framework messages still undelivered after {} ms; sending the terminal update now and the "
            + "messages after it", BOUND.toMillis());
        releaseAll();
      });
    }
  }

  private void releaseAll() {
    cancelTimer();
    List<Call.Update> out = List.copyOf(held);
    held.clear();
    out.forEach(release);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}

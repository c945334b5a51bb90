package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mesos.v1.Protos.TaskState;

/** Small facts about Mesos task statuses shared by the executor and the embedded agent. */
public final class Statuses {
  private Statuses() {}

  /** Whether a task in this state will never change state again. */
  public static boolean isTerminal(TaskState state) {
    switch (state) {
      case TASK_FINISHED:
      case TASK_FAILED:
      case TASK_KILLED:
      case TASK_ERROR:
      case TASK_LOST:
      case TASK_DROPPED:
      case TASK_GONE:
      case TASK_GONE_BY_OPERATOR:
        return true;
      default:
        return false;
    }
  }

  /**
   * A fresh 16-byte version-4 uuid. Uniqueness, not secrecy, is what the agent needs, so this avoids the
   * SecureRandom seeding that costs about 25 ms on the first {@code UUID.randomUUID()}.
   */
  public static ByteString newUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
  }

  /** The uuid in its usual text form, or hex when it is not 16 bytes. */
  public static String uuidText(ByteString uuid) {
    if (uuid.size() == 16) {
      ByteBuffer b = uuid.asReadOnlyByteBuffer();
      return new UUID(b.getLong(), b.getLong()).toString();
    }
    StringBuilder sb = new StringBuilder();
    for (byte x : uuid.toByteArray()) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}

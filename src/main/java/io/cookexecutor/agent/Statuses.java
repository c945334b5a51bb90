package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.TaskState;

/** Small facts about Mesos task statuses shared by the executor and the embedded agent. */
public final class Statuses {
  private Statuses() {}

  /** Whether a task in this state will never change state again. */
  public static boolean isTerminal(TaskState state) {
    switch (state.getNumber()) { // on the numbers: no synthetic class to load
      case TaskState.TASK_FINISHED_VALUE:
      case TaskState.TASK_FAILED_VALUE:
      case TaskState.TASK_KILLED_VALUE:
      case TaskState.TASK_ERROR_VALUE:
      case TaskState.TASK_LOST_VALUE:
      case TaskState.TASK_DROPPED_VALUE:
      case TaskState.TASK_GONE_VALUE:
      case TaskState.TASK_GONE_BY_OPERATOR_VALUE:
        return true;
      default:
        return false;
    }
  }

  /**
   * A fresh 16-byte version-4 uuid. Uniqueness, not secrecy, is what the agent needs, so this avoids the
   * SecureRandom seeding that costs about 25 ms on the first {@code UUID.randomUUID()} ({@link SplitMix}).
   */
  public static ByteString newUuid() {
    long hi = (SplitMix.SHARED.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (SplitMix.SHARED.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return ByteString.copyFrom(b);
  }

  /** The uuid in its usual text form (8-4-4-4-12 hex digits), or plain hex when it is not 16 bytes. */
  public static String uuidText(ByteString uuid) {
    StringBuilder sb = new StringBuilder(36);
    for (int i = 0; i < uuid.size(); i++) {
      if (uuid.size() == 16 && (i == 4 || i == 6 || i == 8 || i == 10)) {
        sb.append('-');
      }
      int b = uuid.byteAt(i) & 0xFF;
      sb.append(HEX.charAt(b >>> 4)).append(HEX.charAt(b & 0xF));
    }
    return sb.toString();
  }

  private static final String HEX = "0123456789abcdef";
}

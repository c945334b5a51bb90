package io.cookexecutor.task;

import java.nio.charset.Charset;
import io.cookexecutor.text.Charsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task's environment as the {@code NAME=VALUE} bytes execve gets. A variable the executor passes on
 * unchanged keeps the exact bytes the executor was given, even when they are not text in any encoding
 * (the JDK's Strings may have lost them: it decodes the environment once, lossily for such bytes); every
 * other variable comes from the task's Mesos protobufs, whose strings are UTF-8, and is encoded so.
 */
final class EnvironmentBytes {
  private EnvironmentBytes() {}

  /**
   * {@code environment} encoded; {@code executorEnviron} is the executor's own environment as bytes, and
   * {@code decodings} the charsets the JDK may have decoded it with (java 18+: sun.jnu.encoding; 17: the
   * default charset). A variable keeps its bytes when some decoding of them gives exactly its value.
   */
  static byte[][] encode(Map<String, String> environment, byte[][] executorEnviron, Charset... decodings) {
    Map<String, byte[]> original = new HashMap<>();
    Set<Charset> charsets = new LinkedHashSet<>(List.of(decodings));
    for (byte[] entry : executorEnviron) {
      int equals = indexOfEquals(entry);
      if (equals < 0) {
        continue;
      }
      for (Charset charset : charsets) {
        String name = new String(entry, 0, equals, charset);
        String value = environment.get(name);
        if (value != null && !original.containsKey(name)
            && value.equals(new String(entry, equals + 1, entry.length - equals - 1, charset))) {
          original.put(name, entry);
        }
      }
    }
    byte[][] encoded = new byte[environment.size()][];
    int i = 0;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      byte[] bytes = original.get(e.getKey());
      encoded[i++] = bytes != null ? bytes : (e.getKey() + "=" + e.getValue()).getBytes(Charsets.UTF_8);
    }
    return encoded;
  }

  private static int indexOfEquals(byte[] entry) {
    for (int i = 0; i < entry.length; i++) {
      if (entry[i] == '=') {
        return i;
      }
    }
    return -1;
  }
}

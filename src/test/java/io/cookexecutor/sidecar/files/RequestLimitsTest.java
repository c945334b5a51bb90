package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests RequestLimits refuses, and with what. */
class RequestLimitsTest {
  private static Map<String, List<String>> fields(int count, int valueLength) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      h.put("X-" + i, List.of("v".repeat(valueLength)));
    }
    return h;
  }

  @Test
  void aRealClientsRequestPasses() {
    assertThat(RequestLimits.refusal(200, fields(30, 200))).isNull();
    assertThat(RequestLimits.refusal(RequestLimits.MAX_LINE_BYTES, fields(RequestLimits.MAX_HEADERS, 10))).isNull();
  }

  @Test
  void aRequestLineOverTheLimitIs414() {
    assertThat(RequestLimits.refusal(RequestLimits.MAX_LINE_BYTES + 1, fields(1, 1)).status()).isEqualTo(414);
  }

  @Test
  void tooManyFieldsAre431EvenUnderOneName() {
    assertThat(RequestLimits.refusal(100, fields(RequestLimits.MAX_HEADERS + 1, 1)).status()).isEqualTo(431);
    Map<String, List<String>> repeated = Map.of("Cookie", java.util.Collections.nCopies(101, "a=b"));
    assertThat(RequestLimits.refusal(100, repeated).status()).isEqualTo(431);
  }

  @Test
  void fieldsOverTheSizeLimitAre431() {
    assertThat(RequestLimits.refusal(100, fields(1, RequestLimits.MAX_HEADER_BYTES)).status()).isEqualTo(431);
    assertThat(RequestLimits.refusal(100, fields(2, RequestLimits.MAX_HEADER_BYTES / 2 - 20))).isNull();
  }
}

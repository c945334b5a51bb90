package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-encoded first SUBSCRIBE must be the real Call type's encoding, byte for byte. */
class FirstSubscribeTest {

  private static Call realCall(String framework, String executor) {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setFrameworkId(FrameworkID.newBuilder().setValue(framework))
        .setExecutorId(ExecutorID.newBuilder().setValue(executor))
        .setSubscribe(Call.Subscribe.getDefaultInstance()).build();
  }

  @ParameterizedTest
  @CsvSource({
      "cook-framework, cook-executor-1",
      "f, e",
      "'20140715-151922-16842879-5050-6648-0011', 'a-very-long-executor-id-that-needs-a-two-byte-length-"
          + "varint-because-it-is-longer-than-one-hundred-and-twenty-seven-bytes-xxxxxxxxxxxxxxxxxxxxxx'",
      "'caf\u00e9 \"quoted\"', 'back\\\\slash'",
  })
  void matchesTheRealCallInBothEncodings(String framework, String executor) throws Exception {
    assertThat(FirstSubscribe.encode(Encoding.PROTOBUF, framework, executor))
        .isEqualTo(realCall(framework, executor).toByteArray());
    Call parsed = Encoding.JSON.decode(FirstSubscribe.encode(Encoding.JSON, framework, executor),
        Call.newBuilder()).build();
    assertThat(parsed).isEqualTo(realCall(framework, executor));
  }
}

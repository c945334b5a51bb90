package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each encoding's warm-up runs through, and the codec still reads what it writes afterwards. */
class EncodingTest {

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void warmUpRunsAndLeavesTheCodecAsItWas(Encoding encoding) throws Exception {
    encoding.warmUp();

    Event kill = Event.newBuilder().setType(Event.Type.KILL)
        .setKill(Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t-1"))).build();
    assertThat(encoding.decode(encoding.encode(kill), Event.newBuilder()).build()).isEqualTo(kill);
  }
}

package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusesTest {
  @Test
  void aFreshUuidIsVersion4AndReadsAsJavasUuidDoes() {
    for (int i = 0; i < 1000; i++) {
      ByteString u = Statuses.newUuid();
      ByteBuffer b = u.asReadOnlyByteBuffer();
      UUID java = new UUID(b.getLong(), b.getLong());
      assertThat(java.version()).isEqualTo(4);
      assertThat(java.variant()).isEqualTo(2);
      assertThat(Statuses.uuidText(u)).isEqualTo(java.toString());
    }
  }

  @Test
  void anythingButSixteenBytesIsPlainHex() {
    assertThat(Statuses.uuidText(ByteString.copyFrom(new byte[] {0, 15, (byte) 0xAB}))).isEqualTo("000fab");
    assertThat(Statuses.uuidText(ByteString.EMPTY)).isEmpty();
  }
}

package io.cookexecutor.local.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void readsMesosSizesInBinaryUnitsOfAnyCase() {
    assertThat(ByteSize.parse("96MB")).contains(96L << 20);
    assertThat(ByteSize.parse("256mb")).contains(256L << 20);
    assertThat(ByteSize.parse("1GB")).contains(1L << 30);
    assertThat(ByteSize.parse("512KB")).contains(512L << 10);
    assertThat(ByteSize.parse("100B")).contains(100L);
    assertThat(ByteSize.parse("2TB")).contains(2L << 40);
  }

  @Test
  void refusesFractionsBareNumbersUnknownUnitsAndOverflow() {
    for (String bad : new String[] {"1.5GB", "256", "MB", "", "12 MB", "-1MB", "5PB", "9999999999999TB", "٣MB"}) {
      assertThat(ByteSize.parse(bad)).as(bad).isEqualTo(Optional.empty());
    }
    assertThat(ByteSize.parse(null)).isEmpty();
  }

  @Test
  void formatsInTheLargestWholeUnitElseMegabytesWithAFraction() {
    assertThat(ByteSize.format(96L << 20)).isEqualTo("96MB");
    assertThat(ByteSize.format(1L << 30)).isEqualTo("1GB");
    assertThat(ByteSize.format((13L << 20) + (700L << 10))).isEqualTo("13.7MB");
    assertThat(ByteSize.format(1000)).isEqualTo("1000B");
  }
}

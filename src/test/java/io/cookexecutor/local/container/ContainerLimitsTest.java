package io.cookexecutor.local.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerLimitsTest {
  @Test
  void memoryNeverBelowTheAgentsFloorAsTheMesosMemoryIsolator() {
    assertThat(new ContainerLimits(Optional.of(8L << 20), Optional.empty()).effectiveMemoryBytes())
        .contains(32L << 20);
    assertThat(new ContainerLimits(Optional.of(96L << 20), Optional.empty()).effectiveMemoryBytes())
        .contains(96L << 20);
  }

  @Test
  void cfsQuotaIsCpusTimesThePeriodWithAOneMillisecondFloor() {
    assertThat(new ContainerLimits(Optional.empty(), Optional.of(0.5)).cfsQuotaMicros()).contains(50_000L);
    assertThat(new ContainerLimits(Optional.empty(), Optional.of(2.0)).cfsQuotaMicros()).contains(200_000L);
    assertThat(new ContainerLimits(Optional.empty(), Optional.of(0.001)).cfsQuotaMicros()).contains(1_000L);
  }

  @Test
  void noLimitsMeansNothingIsWritten() {
    assertThat(ContainerLimits.NONE.effectiveMemoryBytes()).isEmpty();
    assertThat(ContainerLimits.NONE.cfsQuotaMicros()).isEmpty();
  }

  @Test
  void refusesNonPositiveValues() {
    assertThatThrownBy(() -> new ContainerLimits(Optional.of(0L), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContainerLimits(Optional.empty(), Optional.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContainerLimits(Optional.empty(), Optional.of(-1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

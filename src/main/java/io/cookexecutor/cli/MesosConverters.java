package io.cookexecutor.cli;

import io.cookexecutor.config.MesosDuration;
import io.cookexecutor.local.container.ByteSize;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the Mesos value syntaxes that {@code local}'s options take. */
final class MesosConverters {
  private MesosConverters() {}

  /** Parses Mesos durations such as {@code 250ms}, {@code 1secs}, {@code 2mins}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return MesosDuration.parse(value).orElseThrow(() -> new TypeConversionException(
          "'" + value + "' is not a Mesos duration such as 250ms, 1secs or 2mins"));
    }
  }

  /** Parses Mesos byte sizes such as {@code 96MB} or {@code 1GB}. */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return ByteSize.parse(value).filter(b -> b > 0).orElseThrow(() -> new TypeConversionException(
          "'" + value + "' is not a Mesos size such as 256MB or 1GB (B, KB, MB, GB, TB)"));
    }
  }
}

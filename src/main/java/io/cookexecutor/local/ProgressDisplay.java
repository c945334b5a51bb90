package io.cookexecutor.local;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live progress bar on the terminal for {@code local}: the task's percent and latest message. */
public final class ProgressDisplay implements AutoCloseable {
  private final ProgressBar bar;

  ProgressDisplay(String taskName, PrintStream terminal) {
    bar = new ProgressBarBuilder()
        .setTaskName(taskName)
        .setInitialMax(100)
        .setUnit("%", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(100)
        .setConsumer(new ConsoleProgressBarConsumer(terminal))
        .hideEta()
        .build();
  }

  void show(int percent, String message) {
    bar.stepTo(percent);
    bar.setExtraMessage(message);
  }

  @Override
  public void close() {
    bar.close();
  }
}

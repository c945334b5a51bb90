package io.cookexecutor.loop;

/** Work scheduled on a {@link Loop}; cancelling it before it runs drops it. */
@FunctionalInterface
public interface Scheduled {
  void cancel();
}

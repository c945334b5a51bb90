package io.cookexecutor.progress;
// STUB until helper-progress lands.
@FunctionalInterface public interface ProgressSink { void send(ProgressUpdate update); }

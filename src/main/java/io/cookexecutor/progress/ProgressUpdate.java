package io.cookexecutor.progress;
// STUB until helper-progress lands.
public record ProgressUpdate(int sequence, int percent, String message) {}

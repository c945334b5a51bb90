package io.cookexecutor.progress;
// STUB until helper-progress lands.
public record ProgressSettings(String regex, int maxMessageLength, int maxBytesReadPerLine, java.time.Duration sampleInterval) {}

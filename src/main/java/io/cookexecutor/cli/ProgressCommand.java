package io.cookexecutor.cli;
// STUB until helper-progress lands.
@picocli.CommandLine.Command(name = "progress", mixinStandardHelpOptions = true)
public final class ProgressCommand implements java.util.concurrent.Callable<Integer> { public Integer call() { return 0; } }

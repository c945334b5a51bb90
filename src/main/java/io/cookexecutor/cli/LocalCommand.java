package io.cookexecutor.cli;
// STUB
@picocli.CommandLine.Command(name = "local")
public final class LocalCommand implements java.util.concurrent.Callable<Integer> { public Integer call() { return 0; } }

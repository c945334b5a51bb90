package io.cookexecutor.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Builds the task's environment from the executor's own, as the contract's section 4 says. */
public final class TaskEnvironment {
  /** Meant for the executor alone: a task must not be able to act as its executor. */
  static final String TOKEN_VARIABLE = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

  private TaskEnvironment() {}

  /**
   * The executor's environment, with each of {@code resetVars} taken from the task's own environment
   * ({@code task.executor.command.environment}) or removed, and {@code progressVariable} set to
   * {@code progressValue}: the value as the job gave it (the executor watches its own resolved copy).
   */
  public static Map<String, String> build(Map<String, String> executorEnv, TaskInfo task,
      List<String> resetVars, String progressVariable, String progressValue) {
    Map<String, String> env = new TreeMap<>(executorEnv);
    env.remove(TOKEN_VARIABLE);
    Map<String, String> own = taskVariables(task);
    for (String name : resetVars) {
      String value = own.get(name);
      if (value != null) {
        env.put(name, value);
      } else {
        env.remove(name);
      }
    }
    env.put(progressVariable, progressValue);
    return env;
  }

  private static Map<String, String> taskVariables(TaskInfo task) {
    Map<String, String> vars = new HashMap<>();
    if (task.hasExecutor() && task.getExecutor().hasCommand()
        && task.getExecutor().getCommand().hasEnvironment()) {
      for (Environment.Variable v : task.getExecutor().getCommand().getEnvironment().getVariablesList()) {
        if (v.hasValue()) {
          vars.put(v.getName(), v.getValue());
        }
      }
    }
    return vars;
  }
}

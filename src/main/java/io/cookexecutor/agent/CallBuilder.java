package io.cookexecutor.agent;

import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.executor.Protos.Call;

/** Calls of this executor: every one carries the framework and executor ids. */
final class CallBuilder {
  // Kept as strings: touching a protobuf type at construction would build the Mesos descriptors on the start-up path.
  final String frameworkId;
  final String executorId;

  CallBuilder(String frameworkId, String executorId) {
    this.frameworkId = frameworkId;
    this.executorId = executorId;
  }

  Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type)
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId));
  }
}

package io.cookexecutor.sidecar.page;

import io.cookexecutor.progress.ProgressUpdate;
import java.util.function.Supplier;

/**
 * What the sandbox page's header shows besides the sandbox: the job's identity as Cook set it, and the
 * latest progress state the sidecar's progress reporter found. Made once at start-up; {@code latest} is
 * asked on each request of {@code /page/state.json}, from a file-server thread.
 *
 * @param jobUuid COOK_JOB_UUID, or null
 * @param instanceUuid COOK_INSTANCE_UUID, or null
 * @param jobName COOK_JOB_NAME, or null
 * @param progressTracked whether a progress reporter runs (or will): false shows "not tracked"
 * @param latest the latest state found, or null before the first (and while the reporter has not started)
 */
public record PageHeader(String jobUuid, String instanceUuid, String jobName, boolean progressTracked,
    Supplier<ProgressUpdate> latest) {}

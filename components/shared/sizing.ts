/**
 * Memory sizing rules shared by the stack schema (which rejects a config that breaks them, before any resource
 * exists) and the components (which size the JVMs by them). Pure, no imports.
 */

/** Heap of the Spark worker daemon itself; the rest of the worker's limit goes to executors. */
export const WORKER_DAEMON_MB = 512;

/** Smallest memory a worker must offer executors for any executor to start. */
export const MIN_EXECUTOR_MB = 512;

/** JVM overhead, Python worker and off-heap buffers a streaming driver needs beyond `spark.driver.memory`. */
export const DRIVER_OVERHEAD_MB = 512;

/** Memory a worker offers to executors: its limit minus the worker daemon's heap and ~20% for JVM overhead. */
export function executorMemoryOfWorkerMb(limitMb: number, daemonMb = WORKER_DAEMON_MB): number {
  return Math.floor((limitMb - daemonMb) * 0.8);
}

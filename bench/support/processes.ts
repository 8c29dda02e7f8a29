import type { ChildProcess } from 'node:child_process';

/** Stops a child process with SIGTERM (graceful shutdown), SIGKILL after 15 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A bench file run directly: prints its markdown, or the error and exit code 1. */
export function runAsScript(run: () => Promise<string>): void {
  run().then((out) => console.log(out), (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  });
}

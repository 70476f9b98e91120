/**
 * `wgan-gp train --nproc N`: the one-machine shortcut for people who do not know mpirun. The command runs
 * itself again as N ranks through the installed MPI launcher (`mpirun`), with the same arguments but
 * --nproc, and waits for them. Ctrl-C reaches the ranks as SIGUSR1, which Open MPI's mpirun forwards
 * (its own SIGINT handling would SIGKILL the ranks a few seconds after a SIGTERM, too soon for a checkpoint);
 * a second Ctrl-C ends the job at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { DistributedError } from '../errors.js';

/** The launcher on PATH and its family, or null. */
export function findMpirun(): { command: string; family: 'Open MPI' | 'MPICH' | 'other' } | null {
  for (const command of ['mpirun', 'mpiexec']) {
    const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
    if (probe.error) continue;
    const text = `${probe.stdout}${probe.stderr}`;
    return { command, family: /Open MPI|OpenRTE/i.test(text) ? 'Open MPI' : /HYDRA|MPICH|Intel/i.test(text) ? 'MPICH' : 'other' };
  }
  return null;
}

/** The command line that starts `nproc` ranks of this very command (argv: the arguments after the script, --nproc removed). */
export function mpirunCommand(launcher: NonNullable<ReturnType<typeof findMpirun>>, nproc: number, argv: string[]): string[] {
  const openMpi = launcher.family === 'Open MPI' ? ['--oversubscribe', ...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : [])] : [];
  return [launcher.command, '-np', String(nproc), ...openMpi, process.execPath, ...process.execArgv, process.argv[1], ...argv];
}

/** The arguments without `--nproc N` / `--nproc=N`. */
export function withoutNproc(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--nproc') i++;
    else if (!argv[i].startsWith('--nproc=')) out.push(argv[i]);
  }
  return out;
}

/** Runs the ranks and resolves with the launcher's exit code. */
export function relaunch(nproc: number, argv: string[]): Promise<number> {
  const launcher = findMpirun();
  if (!launcher)
    throw new DistributedError(`--nproc ${nproc}: no MPI launcher (mpirun or mpiexec) on PATH; install Open MPI (apt-get install openmpi-bin) or MPICH, or start the ranks yourself`);
  const [command, ...args] = mpirunCommand(launcher, nproc, withoutNproc(argv));
  // Its own process group: the terminal's Ctrl-C reaches this process alone, which passes it on.
  const child = spawn(command, args, { stdio: 'inherit', detached: true });
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (child.pid) process.kill(child.pid, interrupts === 1 ? 'SIGUSR1' : 'SIGTERM');
  };
  process.on('SIGINT', onInterrupt).on('SIGTERM', onInterrupt);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInterrupt).off('SIGTERM', onInterrupt);
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}

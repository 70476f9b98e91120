/**
 * Whether this process is one rank of a job that a launcher started (Open MPI's mpirun, MPICH's Hydra,
 * PMIx launchers, Slurm's srun), read from the environment each sets, before MPI is started.
 */

export interface LaunchedRank {
  rank: number;
  size: number;
  /** the rank among those on this machine (it picks the GPU of a GPU rank), 0 when unknown */
  localRank: number;
  /** which variables told it */
  launcher: 'Open MPI' | 'MPICH' | 'PMIx' | 'Slurm';
}

const LAUNCHERS = [
  { launcher: 'Open MPI', rank: 'OMPI_COMM_WORLD_RANK', size: 'OMPI_COMM_WORLD_SIZE', local: 'OMPI_COMM_WORLD_LOCAL_RANK' },
  { launcher: 'MPICH', rank: 'PMI_RANK', size: 'PMI_SIZE', local: 'MPI_LOCALRANKID' },
  { launcher: 'PMIx', rank: 'PMIX_RANK', size: 'PMIX_SIZE', local: 'PMIX_LOCAL_RANK' },
  { launcher: 'Slurm', rank: 'SLURM_PROCID', size: 'SLURM_NTASKS', local: 'SLURM_LOCALID' },
] as const;

const count = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/** The rank this process is in the job that launched it, or null when no launcher started it. */
export function launchedRank(env: NodeJS.ProcessEnv = process.env): LaunchedRank | null {
  for (const l of LAUNCHERS) {
    const rank = count(env[l.rank]);
    if (rank === undefined) continue;
    return { rank, size: count(env[l.size]) ?? 1, localRank: count(env[l.local]) ?? 0, launcher: l.launcher };
  }
  return null;
}

/** Whether this process is one of several ranks (a launcher started it with more than one). */
export function launchedWithRanks(env: NodeJS.ProcessEnv = process.env): boolean {
  return (launchedRank(env)?.size ?? 1) > 1;
}

/**
 * One GPU per rank (NCCL's and DDP's layout): a rank of several sees only the GPU of its local rank among
 * those visible to it (CUDA_VISIBLE_DEVICES, else all), so the CUDA backend's GPU 0 is its own. Called
 * when the addon loads, before CUDA starts (it reads the variable once). A launcher that already gives
 * each rank one GPU (srun --gpus-per-task=1) leaves one visible: that one stays.
 */
export function pinGpuToRank(env: NodeJS.ProcessEnv = process.env): void {
  const me = launchedRank(env);
  if (!me || me.size < 2) return;
  const visible = env.CUDA_VISIBLE_DEVICES?.split(',').filter(Boolean);
  env.CUDA_VISIBLE_DEVICES = visible?.length ? visible[me.localRank % visible.length] : String(me.localRank);
}

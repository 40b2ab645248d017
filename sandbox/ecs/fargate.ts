/**
 * Fargate task sizes: for each task CPU (in CPU units), the memory values (MiB) Fargate accepts.
 * From the Amazon ECS developer guide, "Task CPU and memory".
 */
const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** True when Fargate runs a task of `cpu` units and `memory` MiB. */
export function isFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_SIZES.get(cpu)?.includes(memory) ?? false;
}

/**
 * Task-level CPU as ECS normalizes it: `'256'` or `'0.25 vCPU'` both become `256`.
 *
 * @returns `undefined` when the value is not a CPU amount.
 */
export function parseCpu(value: string): number | undefined {
  const units = /^\s*(\d+)\s*$/.exec(value);
  if (units?.[1] !== undefined) return Number(units[1]);
  const vcpu = /^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$/i.exec(value);
  return vcpu?.[1] === undefined ? undefined : Math.round(Number(vcpu[1]) * 1024);
}

/**
 * Task-level memory as ECS normalizes it: `'512'` or `'0.5 GB'` both become `512` (MiB).
 *
 * @returns `undefined` when the value is not a memory amount.
 */
export function parseMemory(value: string): number | undefined {
  const mib = /^\s*(\d+)\s*(?:mib|mb)?\s*$/i.exec(value);
  if (mib?.[1] !== undefined) return Number(mib[1]);
  const gb = /^\s*(\d+(?:\.\d+)?)\s*gb\s*$/i.exec(value);
  return gb?.[1] === undefined ? undefined : Math.round(Number(gb[1]) * 1024);
}

/** The Fargate platform version `LATEST` resolves to for Linux tasks. */
export const FARGATE_LATEST_LINUX = '1.4.0';

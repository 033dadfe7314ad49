/**
 * The EC2 instance types EC2 capacity may use, with what decides how many tasks one holds: its
 * architecture, vCPUs, memory and network interfaces (each awsvpc task takes one; the instance's own
 * is the first). From the Amazon EC2 instance type pages ("General purpose", "Compute optimized",
 * "Memory optimized" specifications, and "Maximum network interfaces").
 */
import { CpuArchitecture, ECS_RESERVED_MEMORY_MIB, KERNEL_MEMORY_SHARE } from "./defaults";

/** What an instance type offers tasks. */
export interface InstanceTypeSpec {
  /** The CPU architecture of its processors. */
  readonly architecture: CpuArchitecture;
  /** Its vCPUs. */
  readonly vcpus: number;
  /** Its advertised memory in MiB. */
  readonly memoryMiB: number;
  /** The network interfaces it can attach. */
  readonly networkInterfaces: number;
}

/** A family's architecture, and memory per vCPU (GiB) for its non-burstable sizes. */
interface Family {
  readonly architecture: CpuArchitecture;
  readonly memoryPerVcpuGib?: number;
}

/** The families allowed: current-generation burstable (t3, t3a, t4g) and general purpose, compute and memory optimized. */
const FAMILIES: Readonly<Record<string, Family>> = {
  t3: { architecture: "X86_64" },
  t3a: { architecture: "X86_64" },
  t4g: { architecture: "ARM64" },
  m5: { architecture: "X86_64", memoryPerVcpuGib: 4 },
  m6i: { architecture: "X86_64", memoryPerVcpuGib: 4 },
  m7i: { architecture: "X86_64", memoryPerVcpuGib: 4 },
  m6g: { architecture: "ARM64", memoryPerVcpuGib: 4 },
  m7g: { architecture: "ARM64", memoryPerVcpuGib: 4 },
  c6i: { architecture: "X86_64", memoryPerVcpuGib: 2 },
  c6g: { architecture: "ARM64", memoryPerVcpuGib: 2 },
  c7g: { architecture: "ARM64", memoryPerVcpuGib: 2 },
  r6i: { architecture: "X86_64", memoryPerVcpuGib: 8 },
  r6g: { architecture: "ARM64", memoryPerVcpuGib: 8 },
  r7g: { architecture: "ARM64", memoryPerVcpuGib: 8 },
};

/** Burstable sizes: vCPUs, GiB and network interfaces (t3, t3a and t4g alike). */
const BURSTABLE_SIZES: Readonly<Record<string, readonly [number, number, number]>> = {
  micro: [2, 1, 2],
  small: [2, 2, 3],
  medium: [2, 4, 3],
  large: [2, 8, 3],
  xlarge: [4, 16, 4],
  "2xlarge": [8, 32, 4],
};

/** Other sizes: vCPUs and network interfaces (memory from the family's GiB per vCPU). */
const SIZES: Readonly<Record<string, readonly [number, number]>> = {
  large: [2, 3],
  xlarge: [4, 4],
  "2xlarge": [8, 4],
  "4xlarge": [16, 8],
};

/** The instance families EC2 capacity allows. */
export const INSTANCE_FAMILIES: readonly string[] = Object.keys(FAMILIES);

/** An allowed instance type's specification, or undefined for a type outside the allowed families and sizes. */
export function instanceTypeSpec(instanceType: string): InstanceTypeSpec | undefined {
  const [familyName, size] = instanceType.split(".");
  const family = Object.hasOwn(FAMILIES, familyName) ? FAMILIES[familyName] : undefined;
  if (!family) return undefined;
  if (family.memoryPerVcpuGib === undefined) {
    const burstable = Object.hasOwn(BURSTABLE_SIZES, size) ? BURSTABLE_SIZES[size] : undefined;
    return burstable && { architecture: family.architecture, vcpus: burstable[0], memoryMiB: burstable[1] * 1024, networkInterfaces: burstable[2] };
  }
  const sized = Object.hasOwn(SIZES, size) ? SIZES[size] : undefined;
  return sized && { architecture: family.architecture, vcpus: sized[0], memoryMiB: sized[0] * family.memoryPerVcpuGib * 1024, networkInterfaces: sized[1] };
}

/** The memory an instance registers for tasks: its advertised memory less the kernel's share and the agent's reservation. */
export function taskMemoryMiB(spec: InstanceTypeSpec): number {
  return Math.floor(spec.memoryMiB * (1 - KERNEL_MEMORY_SHARE)) - ECS_RESERVED_MEMORY_MIB;
}

/** How many awsvpc tasks of a size one instance holds: the least of its CPU, its memory and its network interfaces but its own. */
export function tasksPerInstance(spec: InstanceTypeSpec, task: { readonly cpu: number; readonly memory: number }): number {
  return Math.min(Math.floor((spec.vcpus * 1024) / task.cpu), Math.floor(taskMemoryMiB(spec) / task.memory), spec.networkInterfaces - 1);
}

/**
 * How many tasks of a size each instance of a group of types is sure to hold: the least of the types'
 * (ECS managed scaling takes the smallest type as the one every instance might be).
 */
export function groupTasksPerInstance(instanceTypes: readonly string[], task: { readonly cpu: number; readonly memory: number }): number {
  const specs = instanceTypes.map(instanceTypeSpec).filter((spec): spec is InstanceTypeSpec => spec !== undefined);
  return specs.length === 0 ? 0 : Math.min(...specs.map((spec) => tasksPerInstance(spec, task)));
}

export type { FaultRule, FaultSpec } from './faults.js';
export { FaultSpecError } from './faults.js';
export type { Sandbox, SandboxOptions } from './server.js';
export { startSandbox } from './server.js';
export type { ProtocolName, SandboxService, ServiceContext } from './service.js';
export { AwsError } from './service.js';
export type { SandboxState } from './state.js';
export { SandboxStateFileError } from './state-store.js';
export type { InjectedFaultStats, Stats } from './stats.js';

/** Placeholder: replaced by the full Ecs emulation state. */
export interface EcsState {
  [key: string]: unknown;
}

export function initialEcsState(): EcsState {
  return {};
}

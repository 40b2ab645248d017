/** Placeholder: replaced by the full Ssm emulation state. */
export interface SsmState {
  [key: string]: unknown;
}

export function initialSsmState(): SsmState {
  return {};
}

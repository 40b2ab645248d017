/** Placeholder: replaced by the full Rds emulation state. */
export interface RdsState {
  [key: string]: unknown;
}

export function initialRdsState(): RdsState {
  return {};
}

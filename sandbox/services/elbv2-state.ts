/** Placeholder: replaced by the full Elbv2 emulation state. */
export interface Elbv2State {
  [key: string]: unknown;
}

export function initialElbv2State(): Elbv2State {
  return {};
}

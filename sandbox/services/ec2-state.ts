/** Placeholder: replaced by the full Ec2 emulation state. */
export interface Ec2State {
  [key: string]: unknown;
}

export function initialEc2State(): Ec2State {
  return {};
}

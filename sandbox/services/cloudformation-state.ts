/** Placeholder: replaced by the full Cloudformation emulation state. */
export interface CloudformationState {
  [key: string]: unknown;
}

export function initialCloudformationState(): CloudformationState {
  return {};
}

/** Placeholder: replaced by the full S3 emulation state. */
export interface S3State {
  [key: string]: unknown;
}

export function initialS3State(): S3State {
  return {};
}

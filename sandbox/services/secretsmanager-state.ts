/** Placeholder: replaced by the full SecretsManager emulation state. */
export interface SecretsManagerState {
  [key: string]: unknown;
}

export function initialSecretsManagerState(): SecretsManagerState {
  return {};
}

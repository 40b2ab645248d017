/**
 * The rule every name declared in a manifest follows (environments, services, target groups,
 * listeners): lowercase letters, digits and dashes, 1-23 characters, starting with a letter. An
 * environment's manifest is `environments/<name>.yaml`, so the rule also says which files are
 * manifests and which words of a `/approve <env>` comment can name an environment.
 */
export const MANIFEST_NAME_PATTERN = /^[a-z][a-z0-9-]{0,22}$/;

/** The rule in words, for validation messages. */
export const MANIFEST_NAME_RULE =
  'must be lowercase letters, digits and dashes, 1-23 characters, starting with a letter';

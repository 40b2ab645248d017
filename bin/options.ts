import { Option } from 'commander';
import { DEFAULT_MANIFEST_DIR, DEFAULT_STATE_TABLE } from '../controller/model/conventions.js';

/** The `--endpoint` option every AWS-facing command takes. */
export const endpointOption = () =>
  new Option('--endpoint <url>', 'AWS endpoint URL (overrides AWS_ENDPOINT_URL), e.g. the sandbox');

/** The `--dir` option of every command that reads manifests. */
export const dirOption = () =>
  new Option('--dir <dir>', 'the desired-state directory').default(DEFAULT_MANIFEST_DIR);

/** The `--table` option of every command that takes a lease. */
export const tableOption = () =>
  new Option('--table <name>', 'the state table (leases)').default(DEFAULT_STATE_TABLE);

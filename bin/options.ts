import { Option } from 'commander';

/** The `--endpoint` option every AWS-facing command takes. */
export const endpointOption = () =>
  new Option('--endpoint <url>', 'AWS endpoint URL (overrides AWS_ENDPOINT_URL), e.g. the sandbox');

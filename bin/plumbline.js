#!/usr/bin/env node
// The `plumbline` executable: registers the TypeScript loader, then runs the CLI from source.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('./plumbline.ts');
await main();

import { isBuiltin } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * esbuild's target for the handlers: what `NodejsFunction` derives from the stack's runtime
 * (`HANDLER_RUNTIME`, Node.js 24 in stacks/controller/controller-function.ts) when no target is set.
 */
export const HANDLER_TARGET = 'node24';

/** One handler bundled as the controller's stack bundles it. */
export interface LambdaBundle {
  /** The bundle (`index.js`), ending with its `sourceMappingURL` comment. */
  readonly code: Uint8Array;
  /** Bytes of `index.js`. */
  readonly bytes: number;
  /** Bytes of `index.js` gzipped (level 9), about what it weighs in the deployment zip. */
  readonly gzipBytes: number;
  /** The source map (`index.js.map`), deployed beside the bundle. */
  readonly sourceMap: Uint8Array;
  /** The files bundled, as paths relative to the working directory (`node_modules/...`). */
  readonly inputs: readonly string[];
  /** Bytes of the bundle per npm package (`aws-cdk-lib`) or project folder (`controller/core`), largest first. */
  readonly bytesByPackage: readonly (readonly [string, number])[];
  /** The packages the bundle leaves to the runtime (`@aws-sdk/client-sqs`, ...), Node.js built-ins aside. */
  readonly externals: readonly string[];
}

/**
 * Bundles a handler in memory with the options of the controller's `NodejsFunction`
 * (stacks/controller/controller-function.ts): CommonJS for Node.js, minified, an external source map
 * without sources content, and `@aws-sdk/*` left to the runtime.
 *
 * @example
 * const { bytes, inputs } = await bundleLambda('lambdas/webhook.ts');
 */
export async function bundleLambda(entry: string): Promise<LambdaBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: HANDLER_TARGET,
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    // Names the outputs (the map needs a path); nothing is written.
    outfile: 'index.js',
    write: false,
    metafile: true,
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.contents;
  const sourceMap = result.outputFiles.find((f) => f.path.endsWith('.js.map'))?.contents;
  if (!code || !sourceMap) throw new Error(`esbuild gave no bundle or no source map for ${entry}`);
  const byPackage = new Map<string, number>();
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = packageOf(path);
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    for (const { path, external } of output.imports) if (external) externals.add(path);
  }
  return {
    code,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    sourceMap,
    inputs: Object.keys(result.metafile.inputs),
    bytesByPackage: [...byPackage].sort((a, b) => b[1] - a[1]),
    // Relative ones are requires esbuild could not resolve inside a try (optional files of a package).
    externals: [...externals].filter((path) => !isBuiltin(path) && !path.startsWith('.')).sort(),
  };
}

/** `node_modules/@scope/name/...` -> `@scope/name`; `controller/core/x.ts` -> `controller/core`. */
function packageOf(path: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return npm?.[1] ?? (path.split('/').slice(0, -1).slice(0, 2).join('/') || path);
}

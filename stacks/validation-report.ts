import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where CDK writes the built-in validation's findings, inside the cloud assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** One finding of the built-in CloudFormation validation. */
export interface ValidationFinding {
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  /** Logical ids of the resources it concerns. */
  readonly resources: readonly string[];
}

/** Non-error findings of the built-in CloudFormation validation. */
export interface ValidationSummary {
  readonly warnings: readonly ValidationFinding[];
  /** Findings the stack acknowledges in code, each with its reason (`Validations.acknowledge`). */
  readonly acknowledged: readonly ValidationFinding[];
}

/** One violation in `validation-report.json` (cloud assembly schema 55), the parts read here. */
interface ReportViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly violatingConstructs?: readonly {
    readonly cloudFormationResource?: { readonly logicalId?: string };
  }[];
}

interface ValidationReportFile {
  readonly pluginReports?: readonly {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations?: readonly ReportViolation[];
    readonly suppressedViolations?: readonly ReportViolation[];
  }[];
}

/** Whether a finding fails synthesis. */
export function isValidationError(f: ValidationFinding): boolean {
  return f.severity === 'error' || f.severity === 'fatal';
}

/**
 * Reads the report CDK's validation writes into a cloud assembly: the findings and the
 * acknowledged findings of every plugin. A plugin that did not succeed yet reported no error
 * yields one error finding, so a crashed plugin never passes as clean.
 */
export function readValidationReport(assemblyDir: string): {
  findings: ValidationFinding[];
  acknowledged: ValidationFinding[];
} {
  const file = join(assemblyDir, VALIDATION_REPORT_FILE);
  // CDK skips validation silently when CDK_VALIDATION=false; asking for it must not pass as clean.
  if (!existsSync(file))
    throw new Error(`validation did not run: no ${file} (is CDK_VALIDATION=false set?)`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReportFile;
  const plugins = report.pluginReports ?? [];
  const findings = plugins.flatMap((plugin) => {
    const own = (plugin.violations ?? []).map(toFinding);
    if (plugin.conclusion !== 'success' && !own.some(isValidationError))
      own.push({
        rule: plugin.pluginName,
        severity: 'error',
        description: `plugin concluded "${plugin.conclusion}"`,
        resources: [],
      });
    return own;
  });
  const acknowledged = plugins.flatMap((p) => (p.suppressedViolations ?? []).map(toFinding));
  return { findings, acknowledged };
}

function toFinding(v: ReportViolation): ValidationFinding {
  return {
    rule: v.ruleName,
    severity: v.severity ?? 'error',
    description: v.description,
    resources: (v.violatingConstructs ?? []).flatMap((c) =>
      c.cloudFormationResource?.logicalId ? [c.cloudFormationResource.logicalId] : [],
    ),
  };
}

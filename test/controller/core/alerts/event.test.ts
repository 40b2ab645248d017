import { dedupKey } from '../../../../controller/core/alerts/dedup-key.js';
import { alertEvent } from '../../../../controller/core/alerts/event.js';
import type { Finding } from '../../../../controller/core/alerts/findings.js';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  dedupKey: 'plumbline/prod/rds-instance/prod-postgres/database.publiclyAccessible',
  priority: 'P0',
  environment: 'prod',
  source: 'prod/rds-instance/prod-postgres',
  summary: 'prod: database.publiclyAccessible is true, declared false',
  details: { declared: false, live: true },
  ...overrides,
});

describe('alert events', () => {
  it('keeps dedup keys within 255 characters, distinct for distinct long keys', () => {
    // Prepare
    const long = 'x'.repeat(300);
    // Act
    const a = dedupKey('prod', 'ecs-service', long, 'services.a.image');
    const b = dedupKey('prod', 'ecs-service', long, 'services.b.image');
    // Assess
    expect(a.length).toBeLessThanOrEqual(255);
    expect(b.length).toBeLessThanOrEqual(255);
    expect(a).not.toBe(b);
    expect(dedupKey('prod', 'ecs-service', 'prod-api', 'services.api.image')).toBe(
      'plumbline/prod/ecs-service/prod-api/services.api.image',
    );
  });

  it('keeps the subject under 100 characters and the summary within 1024', () => {
    // Act
    const event = alertEvent(
      'trigger',
      finding({ summary: `prod: ${'y'.repeat(3000)}` }),
      new Date(0),
    );
    // Assess
    expect(event.subject.length).toBe(99);
    expect(event.subject).toMatch(/^\[P0\] prod: y+\.\.\.$/);
    expect([...event.summary].length).toBe(1024);
    expect(event.timestamp).toBe('1970-01-01T00:00:00.000Z');
  });

  it('cuts huge declared and live values so any message stays under 256 KB', () => {
    // Prepare
    const huge = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`KEY_${i}`, 'v'.repeat(100)]),
    );
    // Act
    const event = alertEvent(
      'trigger',
      finding({ details: { declared: huge, live: {}, report: 'u' } }),
      new Date(0),
    );
    // Assess
    const bytes = new TextEncoder().encode(JSON.stringify(event)).length;
    expect(bytes).toBeLessThan(256 * 1024);
    expect(String(event.details.declared).endsWith('… (cut)')).toBe(true);
    expect(event.details.report).toBe('u');
  });

  it('keeps the subject printable ASCII, as every SNS endpoint accepts', () => {
    const event = alertEvent(
      'trigger',
      finding({ summary: 'prod: déployé → 5 tâches\nnext' }),
      new Date(0),
    );
    expect(event.subject).toBe('[P0] prod: d?ploy? ? 5 t?ches next');
  });

  it('marks a resolve in the subject', () => {
    expect(alertEvent('resolve', finding(), new Date(0)).subject).toBe(
      '[resolved] prod: database.publiclyAccessible is true, declared false',
    );
  });
});

import { cycleThrough, promotionOrder } from '../../../controller/core/promotion-order.js';

describe('promotionOrder', () => {
  it('puts each environment after the one it names', () => {
    // Prepare
    const after = new Map([
      ['prod', 'staging'],
      ['staging', 'dev'],
      ['dev', undefined],
    ]);

    // Act
    const { order, cycles } = promotionOrder(after);

    // Assess
    expect(order).toEqual(['dev', 'staging', 'prod']);
    expect(cycles).toEqual([]);
  });

  it('breaks ties alphabetically', () => {
    // Prepare
    const after = new Map([
      ['staging', 'dev'],
      ['qa', 'dev'],
      ['prod', 'staging'],
      ['dev', undefined],
      ['demo', undefined],
    ]);

    // Act
    const { order } = promotionOrder(after);

    // Assess
    expect(order).toEqual(['demo', 'dev', 'qa', 'staging', 'prod']);
  });

  it('treats an unknown predecessor as none', () => {
    // Prepare
    const after = new Map([
      ['staging', 'qa'],
      ['dev', undefined],
    ]);

    // Act
    const { order, cycles } = promotionOrder(after);

    // Assess
    expect(order).toEqual(['dev', 'staging']);
    expect(cycles).toEqual([]);
  });

  it('reports a cycle once, in promotion order, and places its members last', () => {
    // Prepare
    const after = new Map([
      ['dev', 'prod'],
      ['staging', 'dev'],
      ['prod', 'staging'],
      ['qa', 'staging'],
      ['demo', undefined],
    ]);

    // Act
    const { order, cycles } = promotionOrder(after);

    // Assess
    expect(cycles).toEqual([['dev', 'staging', 'prod']]);
    expect(order).toEqual(['demo', 'dev', 'prod', 'qa', 'staging']);
  });

  it('finds an environment promoted after itself', () => {
    // Prepare
    const after = new Map([['dev', 'dev']]);

    // Act
    const { cycles } = promotionOrder(after);

    // Assess
    expect(cycles).toEqual([['dev']]);
  });
});

describe('cycleThrough', () => {
  it('renders the cycle from the given environment back to it', () => {
    // Prepare
    const cycles = [['dev', 'staging', 'prod']];

    // Act
    const fromProd = cycleThrough('prod', cycles);

    // Assess
    expect(fromProd).toEqual(['prod', 'dev', 'staging', 'prod']);
    expect(cycleThrough('qa', cycles)).toBeUndefined();
  });
});

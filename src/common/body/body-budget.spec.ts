import { BodyBudget } from './body-budget';

describe('BodyBudget', () => {
  it('grants leases until the total is reached and refuses a grant that would pass it', () => {
    const budget = new BodyBudget(100);
    const first = budget.lease();
    const second = budget.lease();
    expect(first.take(60)).toBe(true);
    expect(second.take(41)).toBe(false);
    expect(second.take(40)).toBe(true);
    expect(budget.inUse).toBe(100);
  });

  it('gives a lease back once, whatever it held, and refuses it anything afterwards', () => {
    const budget = new BodyBudget(100);
    const lease = budget.lease();
    lease.take(30);
    lease.take(20);
    lease.release();
    lease.release();
    expect(budget.inUse).toBe(0);
    expect(lease.take(10)).toBe(false);
    expect(budget.inUse).toBe(0);
  });
});

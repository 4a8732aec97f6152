import type { Principal } from '@app/auth';
import { visibleTo } from './visibility';

const principal = (roles: Principal['roles'], units: readonly string[] = []): Principal => ({
  subject: 's',
  roles,
  units,
  hospitalIds: ['h1'],
});

describe('report visibility', () => {
  it('shows every line to readers, inspectors and admins', () => {
    for (const role of ['reader', 'inspector', 'admin'] as const) expect(visibleTo(principal([role]), 'b1')).toBe(true);
  });

  it('shows a secretary only the lines of the units in its claim', () => {
    const secretary = principal(['secretary'], ['b1']);
    expect(visibleTo(secretary, 'b1')).toBe(true);
    expect(visibleTo(secretary, 'b2')).toBe(false);
  });

  it('shows a secretary a group’s line through the group’s branch', () => {
    const secretary = principal(['secretary'], ['b1']);
    expect(visibleTo(secretary, 'b1-g1', 'b1')).toBe(true);
    expect(visibleTo(secretary, 'b2-g1', 'b2')).toBe(false);
    expect(visibleTo(principal(['secretary'], ['b2-g1']), 'b2-g1', 'b2')).toBe(true);
  });

  it('does not narrow a secretary who also holds a wider reading role', () => {
    expect(visibleTo(principal(['secretary', 'reader'], ['b1']), 'b2')).toBe(true);
  });

  it('narrows a secretary who also assesses: assessing reads no report', () => {
    expect(visibleTo(principal(['secretary', 'assessor'], ['b1']), 'b1')).toBe(true);
    expect(visibleTo(principal(['secretary', 'assessor'], ['b1']), 'b2')).toBe(false);
    expect(visibleTo(principal(['assessor']), 'b1')).toBe(false);
  });

  it('shows a secretary with an empty claim nothing', () => {
    expect(visibleTo(principal(['secretary']), 'b1')).toBe(false);
  });
});

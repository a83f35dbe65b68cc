import { describe, expect, it } from 'vitest';
import { combineGrants, FULL_ACCESS, NO_ACCESS } from './sync-access.ts';

const grant = (flags: Partial<typeof FULL_ACCESS>) => ({ ...NO_ACCESS, ...flags });
const operator = { id: 'u1', role: 'operator' as const };

describe('combineGrants', () => {
  it('adds up a user’s own grant and their groups’ grants', () => {
    expect(
      combineGrants(operator, [grant({ canView: true }), grant({ canRun: true }), grant({ canEdit: true })]),
    ).toEqual({
      canView: true,
      canEdit: true,
      canRun: true,
      canManage: false,
    });
  });

  it('lets edit, run or manage imply view', () => {
    expect(combineGrants(operator, [grant({ canManage: true })])).toEqual({
      ...NO_ACCESS,
      canView: true,
      canManage: true,
    });
  });

  it('gives nothing without a grant, and admins everything without one', () => {
    expect(combineGrants(operator, [])).toEqual(NO_ACCESS);
    expect(combineGrants({ id: 'a', role: 'admin' }, [])).toEqual(FULL_ACCESS);
  });

  it('keeps a viewer read-only whatever was granted', () => {
    expect(combineGrants({ id: 'v', role: 'viewer' }, [FULL_ACCESS])).toEqual({ ...NO_ACCESS, canView: true });
  });
});

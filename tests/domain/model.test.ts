import { describe, expect, it } from 'vitest';
import { actionFamilyPrefix, AUDIT_ACTIONS, inActionFamily } from '../../src/domain/model.js';

describe('inActionFamily', () => {
  it('takes an action itself and every action of its family', () => {
    expect(inActionFamily('auth.login', 'auth.login')).toBe(true);
    expect(inActionFamily('auth.login', 'auth')).toBe(true);
    expect(inActionFamily('auth.login-failed', 'auth')).toBe(true);
    expect(inActionFamily('watch.place.create', 'watch')).toBe(true);
    expect(inActionFamily('watch.place.create', 'watch.place')).toBe(true);
    expect(inActionFamily('export', 'export')).toBe(true);
  });

  it('does not take an action whose name only begins like the family', () => {
    expect(inActionFamily('auth.login-failed', 'auth.login')).toBe(false);
    expect(inActionFamily('import.create', 'imp')).toBe(false);
    expect(inActionFamily('entry.create', 'item')).toBe(false);
    expect(inActionFamily('auth', 'auth.login')).toBe(false);
  });

  it('names a family by its prefix, as the SQL engines match it', () => {
    expect(actionFamilyPrefix('plan')).toBe('plan.');
    expect(Object.keys(AUDIT_ACTIONS).filter((a) => inActionFamily(a, 'plan'))).toEqual(['plan.update', 'plan.note']);
  });
});

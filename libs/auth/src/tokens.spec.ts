import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { Tokens } from './tokens';

describe('Tokens', () => {
  const secret = 's'.repeat(48);
  const tokens = new Tokens(new JwtService({ secret: createSecretKey(Buffer.from(secret)) }));
  const claims = { sub: 'wang', roles: ['secretary' as const], units: ['cardiology'], hospitalId: 'pj-central' };
  const principal = { subject: 'wang', roles: ['secretary'], units: ['cardiology'], hospitalIds: ['pj-central'] };

  afterEach(() => jest.useRealTimers());

  it('verifies a token it signed, again and again', () => {
    const token = tokens.sign(claims, 600);
    expect(tokens.verify(token)).toEqual(principal);
    expect(tokens.verify(token)).toEqual(principal);
  });

  it('verifies tokens signed with the same secret as a string', () => {
    const token = new JwtService({ secret }).sign(
      { sub: 'wang', roles: ['admin'], hospitalId: 'h1' },
      { expiresIn: 600 },
    );
    expect(tokens.verify(token)).toMatchObject({ subject: 'wang', roles: ['admin'], hospitalIds: ['h1'] });
  });

  it('refuses a token verified before once it is past exp and the 60 s skew', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T08:00:00Z') });
    const token = tokens.sign(claims, 600);
    expect(tokens.verify(token)).toEqual(principal);

    jest.setSystemTime(Date.parse('2026-11-23T08:10:59Z'));
    expect(tokens.verify(token)).toEqual(principal);
    jest.setSystemTime(Date.parse('2026-11-23T08:11:00Z'));
    expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
  });

  it('refuses a token signed with another secret or another algorithm', () => {
    const forged = new JwtService({ secret: 'x'.repeat(48) }).sign(
      { sub: 'wang', roles: ['admin'] },
      { expiresIn: 600 },
    );
    const hs512 = new JwtService({ secret }).sign(
      { sub: 'wang', roles: ['admin'] },
      { algorithm: 'HS512', expiresIn: 600 },
    );
    expect(() => tokens.verify(forged)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
    expect(() => tokens.verify(hs512)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
  });

  it('reads hospitalIds as the scope of a city-level caller, each hospital once', () => {
    const token = tokens.sign({ sub: 'wjw', roles: ['inspector'], hospitalIds: ['h1', 'h2', 'h1'] }, 600);
    expect(tokens.verify(token).hospitalIds).toEqual(['h1', 'h2']);
  });

  it.each([
    ['no hospital scope at all', {}, 'names no hospital scope'],
    ['both hospitalId and hospitalIds', { hospitalId: 'h1', hospitalIds: ['h2'] }, 'not both'],
    ['an empty hospitalIds', { hospitalIds: [] }, 'non-empty list'],
    ['hospitalIds that is not a list', { hospitalIds: 'h1' }, 'non-empty list'],
    ['a hospitalIds entry that is not an id', { hospitalIds: ['h1', 'h 2'] }, 'non-empty list'],
    ['a hospitalId that is not an id', { hospitalId: '' }, 'hospitalId is not a valid id'],
  ])('refuses a token with %s (AUTH.UNAUTHENTICATED)', (_, scope, detail) => {
    const token = new JwtService({ secret }).sign({ sub: 'wang', roles: ['admin'], ...scope }, { expiresIn: 600 });
    expect(() => tokens.verify(token)).toThrow(
      expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED', message: expect.stringContaining(detail) }),
    );
  });

  it.each(['13812345678', 'u-110105194912310021', '8613812345678'])(
    'refuses a sub holding a phone or ID number (%s), which every event it writes would record as its actor',
    (sub) => {
      const token = new JwtService({ secret }).sign({ sub, roles: ['admin'], hospitalId: 'h1' }, { expiresIn: 600 });
      let refusal: unknown;
      try {
        tokens.verify(token);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', message: expect.stringContaining('sub holds a') });
      expect(String((refusal as Error).message)).not.toContain(sub);
    },
  );
});

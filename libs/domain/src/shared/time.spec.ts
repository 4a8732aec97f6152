import { assertNotInFuture, calendarPeriods, localDate, quarterMonths } from './time';

describe('time rules', () => {
  const now = '2024-03-12T10:00:00.000Z';

  it('accepts the past and up to five minutes of clock skew, refuses beyond', () => {
    expect(() => assertNotInFuture('heldAt', '2024-03-12T18:04:00+08:00', now)).not.toThrow();
    expect(() => assertNotInFuture('heldAt', '2024-03-12T18:06:00+08:00', now)).toThrow(
      expect.objectContaining({ code: 'TIME.IN_FUTURE' }),
    );
    expect(() => assertNotInFuture('effectiveOn', '2024-03-13', now)).toThrow(
      expect.objectContaining({ code: 'TIME.IN_FUTURE' }),
    );
    expect(() => assertNotInFuture('effectiveOn', '2024-03-12', now)).not.toThrow();
  });

  it('judges a calendar date by today in the hospital’s time zone, not UTC', () => {
    // 23:00 UTC on the 12th is already the 13th in Shanghai.
    expect(() => assertNotInFuture('effectiveOn', '2024-03-13', '2024-03-12T23:00:00.000Z')).not.toThrow();
    expect(() => assertNotInFuture('effectiveOn', '2024-03-13', '2024-03-12T23:00:00.000Z', 'UTC')).toThrow(
      expect.objectContaining({ code: 'TIME.IN_FUTURE' }),
    );
  });

  it('reads calendar dates in the hospital’s time zone, not UTC', () => {
    expect(localDate('2024-04-01T00:30:00+08:00', 'Asia/Shanghai')).toBe('2024-04-01');
    expect(localDate('2024-03-31T16:30:00Z', 'Asia/Shanghai')).toBe('2024-04-01');
    expect(localDate('2024-03-31T16:30:00Z', 'UTC')).toBe('2024-03-31');
  });

  it('places a date in its month, quarter and year', () => {
    expect(calendarPeriods('2024-04-01')).toEqual({ month: '2024-04', quarter: '2024-Q2', year: '2024' });
    expect(calendarPeriods('2024-03-31')).toEqual({ month: '2024-03', quarter: '2024-Q1', year: '2024' });
    expect(calendarPeriods('2024-12-31').quarter).toBe('2024-Q4');
  });

  it('lists a quarter’s months', () => {
    expect(quarterMonths('2024-Q4')).toEqual({ months: ['2024-10', '2024-11', '2024-12'], firstDay: '2024-10-01' });
  });
});

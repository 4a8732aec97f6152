import { DemoUsageError, demoArguments } from './demo-mode';

describe('demo arguments', () => {
  it('starts no demo without --demo', () => {
    expect(demoArguments([])).toBeNull();
    expect(demoArguments(['--scale', 'city'])).toBeNull();
  });

  it('loads the default scale unless --scale names another', () => {
    expect(demoArguments(['--demo'])).toEqual({ scale: 'default' });
    expect(demoArguments(['--demo', '--scale', 'city'])).toEqual({ scale: 'city' });
    expect(demoArguments(['--scale=city', '--demo'])).toEqual({ scale: 'city' });
  });

  it('refuses a scale it does not know, or none after --scale', () => {
    expect(() => demoArguments(['--demo', '--scale', 'huge'])).toThrow(DemoUsageError);
    expect(() => demoArguments(['--demo', '--scale'])).toThrow(
      '--scale must be one of tiny, default, city, not nothing',
    );
  });
});

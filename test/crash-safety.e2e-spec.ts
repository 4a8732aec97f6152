import { runCrashCampaign, type CampaignFigures } from './support/crash-campaign';

/** The short form of the crash campaign; `npm run test:soak` runs the same for ten minutes. */
describe('crash safety: SIGKILL at random, also mid-rebuild, then restart', () => {
  let figures: CampaignFigures;

  beforeAll(async () => {
    figures = await runCrashCampaign({ killRounds: 3, clients: 8, commandsPerRound: 500, maxRoundMs: 1000 });
  }, 300_000);

  it('ran what it claims: thousands of commands, three kills (one just after starting a rebuild), a SIGTERM', () => {
    expect(figures.commandsSent).toBeGreaterThan(1000);
    expect(figures.acknowledged).toBeGreaterThan(500);
    expect(figures.kills).toBe(3);
    expect(figures.sigterms).toBe(1);
    expect(figures.eventsVerified).toBeGreaterThanOrEqual(figures.acknowledged);
    expect(figures.readModelQueriesCompared).toBeGreaterThan(20);
  });

  it('lost nothing acknowledged, duplicated nothing, half-wrote nothing; chains verify; read models equal a replay', () => {
    expect(figures.mismatches).toEqual([]);
  });

  it('answers every request in flight at SIGTERM before it exits', () => {
    expect(figures.unansweredAtSigterm).toBe(0);
  });
});

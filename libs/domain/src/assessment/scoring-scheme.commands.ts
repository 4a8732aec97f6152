import type { ScoringSchemePublished } from './scoring-scheme.events';

/** Publishing records exactly what the command says, so the command carries the event's fields. */
export interface PublishScoringScheme extends Readonly<ScoringSchemePublished['data']> {
  readonly type: 'PublishScoringScheme';
}

export type ScoringSchemeCommand = PublishScoringScheme;

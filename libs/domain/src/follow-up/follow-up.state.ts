import type { FollowUpScheduled } from './follow-up.events';

export type FollowUp = Readonly<FollowUpScheduled['data']>;

/** Unanswered attempts leave a follow-up scheduled; the first call that reaches the patient completes it. */
export type FollowUpState =
  | { readonly status: 'unknown' }
  | { readonly status: 'scheduled'; readonly followUp: FollowUp }
  | { readonly status: 'completed'; readonly followUp: FollowUp };

export const initialFollowUpState: FollowUpState = { status: 'unknown' };

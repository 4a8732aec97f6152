/** Who sends a request: the loader turns each caller into a bearer token through its `tokenFor` callback. */
export type DemoCaller =
  | { readonly role: 'admin'; readonly hospitalId: string }
  | {
      readonly role: 'secretary';
      readonly memberId: string;
      readonly hospitalId: string;
      readonly units: readonly string[];
    }
  | { readonly role: 'assessor'; readonly memberId: string; readonly hospitalId: string };

/** One write, exactly as a user's client would send it. */
export interface DemoRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly body: object;
  readonly as: DemoCaller;
}

/** Requests that must be sent in order (a follow-up before its calls, a period before its sheets). */
export type DemoChain = readonly DemoRequest[];

/**
 * A stage of the load: every chain of a wave may run concurrently with the others, and a wave starts only when
 * the one before it has finished (units before their members, members before the meetings that name them).
 */
export interface DemoWave {
  readonly name: string;
  /** Generated afresh on each call, lazily, so a million requests never sit in memory at once. */
  chains(): Iterable<DemoChain>;
}

export const post = (path: string, body: object, as: DemoCaller): DemoRequest => ({ method: 'POST', path, body, as });

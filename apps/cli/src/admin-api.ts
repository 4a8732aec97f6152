import type { ParkedEvent, ProjectionStatus, RebuildProgress } from '@app/read-models';

/** `GET /api/admin/projections/:name` (api-contract.md, Admin): the projector's own status and progress, as JSON. */
export interface ProjectionView extends ProjectionStatus {
  readonly rebuild: RebuildProgress | null;
  readonly parkedEvents: readonly Omit<ParkedEvent, '_id' | 'projection'>[];
}

/** An RFC 9457 problem, as the API answers every error. */
interface Problem {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
}

/**
 * A client of a running API's admin routes. Embedded read models live in the API process's memory, so only the API
 * can report or rebuild them. Each request carries a fresh short-lived token: a long rebuild outlives any one.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string,
  ) {}

  projections(): Promise<ProjectionStatus[]> {
    return this.request('GET', '/api/admin/projections');
  }

  projection(name: string): Promise<ProjectionView> {
    return this.request('GET', `/api/admin/projections/${encodeURIComponent(name)}`);
  }

  /** `retry-parked` is a rebuild that re-applies every event, the parked ones included. */
  startRebuild(name: string, kind: 'rebuild' | 'retry-parked'): Promise<{ rebuildId: string }> {
    return this.request('POST', `/api/admin/projections/${encodeURIComponent(name)}/${kind}`);
  }

  private async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    // Signed before the request, so a missing secret is reported as such, not as an unreachable API.
    const authorization = `Bearer ${this.token()}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers: { authorization } });
    } catch (error) {
      const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      throw new Error(`Cannot reach the API at ${this.baseUrl} (${reason}); is it running, and is --url right?`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = (body ?? {}) as Problem;
      throw new Error(
        `${method} ${path} answered ${response.status} ${problem.code ?? response.statusText}: ${problem.detail ?? problem.title ?? ''}`,
      );
    }
    return body as T;
  }
}

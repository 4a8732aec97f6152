import type { RecordedEvent } from '@app/event-store';

/** A recorded event for projection tests: what the projector would deliver at `position`. */
export function recorded(
  type: string,
  data: unknown,
  position: string,
  metadata: RecordedEvent['metadata'] = {},
): RecordedEvent {
  return {
    eventId: `event-${position}`,
    streamId: 'test-1',
    revision: Number(position),
    position,
    type,
    data,
    metadata,
    createdAt: '2024-04-01T00:00:00.000Z',
    prevHash: '',
    hash: '',
  };
}

import {
  calendarPeriods,
  evolveMeeting,
  type MeetingEvent,
  type MeetingRecord,
  type PartyLectureGiven,
  type VolunteerServiceHeld,
} from '@app/domain';
import type { Projection } from '../projection';

/** The calendar periods an activity falls in, for the reports' indexes. */
interface Dated {
  readonly month: string;
  readonly quarter: string;
  readonly year: string;
}

/** A meeting as it now stands (corrections applied), and whether it was revoked; folded by the domain's evolve. */
export interface MeetingDocument extends MeetingRecord, Dated {
  readonly _id: string;
  readonly revoked: boolean;
  readonly corrected: boolean;
}

export const meetingsProjection: Projection<MeetingDocument> = {
  name: 'meetings',
  version: 1,
  collection: 'meetings',
  indexes: [{ fields: ['hospitalId', 'quarter'] }, { fields: ['hospitalId', 'year'] }, { fields: ['attendeeIds'] }],
  handles: ['MeetingHeld', 'MeetingRecordCorrected', 'MeetingRecordRevoked'],
  documentIds: (event) => [(event.data as MeetingEvent['data']).meetingId],
  evolve(document, recorded, id) {
    const event = { type: recorded.type, data: recorded.data } as MeetingEvent;
    const state = evolveMeeting(
      document ? { status: 'recorded', record: document, revoked: document.revoked } : { status: 'unknown' },
      event,
    );
    if (state.status === 'unknown') return document;
    return {
      ...state.record,
      ...calendarPeriods(state.record.heldOn),
      _id: id,
      revoked: state.revoked,
      corrected: (document?.corrected ?? false) || event.type === 'MeetingRecordCorrected',
    };
  },
};

export interface LectureDocument extends Readonly<PartyLectureGiven['data']>, Dated {
  readonly _id: string;
}

export const lecturesProjection: Projection<LectureDocument> = {
  name: 'lectures',
  // 2: documents list `lecturerIds`, as PartyLectureGiven v2 does; those built by version 1 named one lecturer.
  version: 2,
  collection: 'lectures',
  indexes: [{ fields: ['hospitalId', 'quarter'] }, { fields: ['hospitalId', 'year'] }, { fields: ['attendeeIds'] }],
  handles: ['PartyLectureGiven'],
  documentIds: (event) => [(event.data as PartyLectureGiven['data']).lectureId],
  // A lecture record is never corrected: the document is the event's data, dated.
  evolve(_document, event, id) {
    const lecture = event.data as PartyLectureGiven['data'];
    return { ...lecture, ...calendarPeriods(lecture.givenOn), _id: id };
  },
};

export interface VolunteerServiceDocument extends Readonly<VolunteerServiceHeld['data']>, Dated {
  readonly _id: string;
}

export const volunteerServicesProjection: Projection<VolunteerServiceDocument> = {
  name: 'volunteer-services',
  version: 1,
  collection: 'volunteer_services',
  indexes: [{ fields: ['hospitalId', 'year'] }, { fields: ['participantIds'] }],
  handles: ['VolunteerServiceHeld'],
  documentIds: (event) => [(event.data as VolunteerServiceHeld['data']).serviceId],
  evolve(_document, event, id) {
    const service = event.data as VolunteerServiceHeld['data'];
    return { ...service, ...calendarPeriods(service.heldOn), _id: id };
  },
};

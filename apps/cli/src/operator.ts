import type { Role } from '@app/auth';
import { userInfo } from 'node:os';

/** The operator at the terminal: the actor of what the CLI writes, and the subject of the tokens it signs. */
export const operator = () => ({
  subject: `cli-${userInfo().username}`.replace(/[^A-Za-z0-9_-]/g, '-'),
  roles: ['admin'] satisfies Role[],
});

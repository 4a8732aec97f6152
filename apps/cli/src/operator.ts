import type { Role } from '@app/auth';
import { userInfo } from 'node:os';

/**
 * The hospital scope of the operator's tokens: a name no hospital has, so they reach the admin-global routes the CLI
 * calls (the read models' machinery) and no hospital's records.
 */
export const OPERATOR_SCOPE = 'cli-operator';

/** The operator at the terminal: the actor of what the CLI writes, and the subject of the tokens it signs. */
export const operator = () => ({
  subject: `cli-${userInfo().username}`.replace(/[^A-Za-z0-9_-]/g, '-'),
  roles: ['admin'] satisfies Role[],
});

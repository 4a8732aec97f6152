import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyError, FastifyReply } from 'fastify';
import { toProblem, type Problem } from './problem';

/** Every error leaves the API as an RFC 9457 `application/problem+json` document. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), problem);
  }
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, a path parameter over 100 characters) is
 * answered by Fastify itself, before any filter runs, as plain JSON unless this answers it. `reply` is typed by the
 * other copy of fastify's types (platform-fastify pins its own), hence `unknown` here.
 */
export function answerFrameworkError(error: FastifyError, request: { readonly id: string }, reply: unknown): void {
  // Answered before the onSend hook that echoes the correlation id could run: echo it here.
  const replying = (reply as FastifyReply).header('X-Correlation-Id', request.id);
  sendProblem(replying, toProblem(new HttpException(error.message, error.statusCode ?? 400)));
}

function sendProblem(reply: FastifyReply, problem: Problem): void {
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

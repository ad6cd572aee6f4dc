import { Response } from 'express';
import { Answer } from '../../promotion/idempotency';
import {
  GatesFailedError,
  gatesFailedBody,
  LaneConflictError,
  laneConflictBody,
} from '../../promotion/promotionErrors';

/**
 * Sends a promotion answer. The 409 and 422 of lane changes carry the bodies the spec defines (the current
 * lane and version, the gate report); every other error goes to the framework's error handler.
 */
export async function sendAnswer(
  res: Response,
  work: () => Promise<Answer>,
): Promise<void> {
  let answer: Answer;
  try {
    answer = await work();
  } catch (error) {
    if (error instanceof LaneConflictError) {
      res.status(409).json(laneConflictBody(error));
      return;
    }
    if (error instanceof GatesFailedError) {
      res.status(422).json(gatesFailedBody(error));
      return;
    }
    throw error;
  }
  res.status(answer.status).json(answer.body);
}

import { HlschedError } from '../errors.js';
import { AnswerCutOff } from './types.js';

/**
 * Retries transient failures (connection resets, 5xx, time-outs) with exponential backoff; errors that
 * say what the user must do (no server, no model) are thrown at once.
 */
export async function withRetries<T>(work: () => Promise<T>, retries = 2, baseDelayMs = 500): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // A cut-off answer is an answer: the proposer classifies it; asking again the same way would cut it again.
      const final = (HlschedError.isInstance(error) && error.exitCode === 2) || AnswerCutOff.isInstance(error);
      if (final || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** attempt));
    }
  }
}

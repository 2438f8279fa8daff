import type { EnqueueOutcome, SendJob, SendQueue } from './index';
import { parseSendJob } from './job';

/**
 * SendQueue for the local engine: delivers each job at once, in process, by
 * the same deliver function the `send` Lambda runs. The job goes through the
 * same JSON the queue would carry, so what runs locally is what SQS would hold;
 * the caller gets the delivery's outcome, as if the queue had drained at once.
 */
export class InProcessSendQueue implements SendQueue {
  constructor(private readonly deliver: (job: SendJob) => Promise<EnqueueOutcome>) {}

  async enqueue(job: SendJob): Promise<EnqueueOutcome> {
    return this.deliver(parseSendJob(JSON.stringify(job)));
  }
}

import { assertNever } from '../../core/assert-never';
import type { JobRef } from '../../ports/scheduler/index';
import type { EngineDeps } from '../deps';
import { type CampaignJobReport, runCampaignJob } from './campaign-job';
import { type CampaignSendReport, runCampaignSendJob } from './campaign-send-job';

/**
 * Runs the job an alarm names: a campaign's fan-out, or its send lists.
 * `shouldStop` asks a long run to hand over to its next alarm.
 * @example await runJob(deps, { kind: 'campaign-send', id: 'cmp-1' });
 */
export function runJob(
  deps: EngineDeps,
  job: JobRef,
  options: { shouldStop?: () => boolean } = {},
): Promise<CampaignJobReport | CampaignSendReport> {
  switch (job.kind) {
    case 'campaign':
      return runCampaignJob(deps, job.id, options);
    case 'campaign-send':
      return runCampaignSendJob(deps, job.id, options);
    default:
      return assertNever(job.kind);
  }
}

import { bootstrapFirstAdmin } from '../wiring/aws-first-admin';
import { awsRuntime, engineHandler } from '../wiring/aws-runtime';

/** Invoked by the stack after each deploy: the first admin and their emailed setup link. */
export const handler = engineHandler(async () => bootstrapFirstAdmin(await awsRuntime()));

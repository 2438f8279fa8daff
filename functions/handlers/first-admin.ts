import { bootstrapFirstAdmin } from '../wiring/aws-first-admin';
import { parseFirstAdminConfig } from '../wiring/config';

const config = parseFirstAdminConfig(process.env);

/** Invoked by the stack after each deploy: the first admin, and their setup link by email. */
export const handler = async () => bootstrapFirstAdmin(config);

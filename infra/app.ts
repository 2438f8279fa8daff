import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext, stackPropsFromContext } from './context';
import { NurtureStack } from './nurture-stack';

const app = new App();
// Every finding fails synth (and so deploy); the kept ones are acknowledged, with reasons, in nag-acknowledgements.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const region = readContext(app.node, 'region') ?? process.env.CDK_DEFAULT_REGION;
const account = process.env.CDK_DEFAULT_ACCOUNT;

new NurtureStack(app, 'NurtureStack', {
  // Without credentials both stay unset and the stack is environment-agnostic, so synth works offline.
  ...(account || region ? { env: { account, region } } : {}),
  description: 'Nurture engine: email and SMS cadences for existing customers',
  ...stackPropsFromContext(app.node),
});

app.synth();

import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { tableDesign } from '../../functions/ports/store/dynamodb/table';
import { parseFirstAdminConfig } from '../../functions/wiring/config';
import { actionsOf, allStatements, type Json, propsFromContext, resolveEnv, synthesize } from './helpers';

const ADMIN = 'boss@acme.example';
const { stack, template } = synthesize({ adminEmail: ADMIN });
const resources = template.toJSON().Resources as Record<string, Json>;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe("the console's first admin", () => {
  const fn = stack.firstAdmin!.function;
  const fnId = idOf(fn.function);
  const fnProps = resources[fnId]!.Properties as Json;

  it('is made by a function of its own, given the admin email, the table and how to mail them; no secret', () => {
    const env = (fnProps.Environment as { Variables: Json }).Variables;
    expect(Object.keys(env).sort()).toEqual([
      'NODE_OPTIONS',
      'NURTURE_ADMIN_EMAIL',
      'NURTURE_BUSINESS_NAME',
      'NURTURE_FROM',
      'NURTURE_PUBLIC_URL',
      'NURTURE_TABLE',
      'NURTURE_TEMPLATES_DIR',
    ]);
    expect(env.NURTURE_ADMIN_EMAIL).toBe(ADMIN);
    // What the function parses at cold start, from what CloudFormation will give it.
    const config = parseFirstAdminConfig(resolveEnv(env, resources));
    expect(config).toMatchObject({ NURTURE_ADMIN_EMAIL: ADMIN, NURTURE_FROM: 'Acme <hello@acme.example>' });
  });

  it('may read and write the table and send the setup email, and nothing else', () => {
    const roleId = idOf(fn.function.role!);
    const grants = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy.Properties as Json).Roles).includes(`"${roleId}"`))
      .flatMap((policy) => allStatements(policy))
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => actionsOf(statement));
    expect([...new Set(grants)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'ses:SendRawEmail',
    ]);
  });

  it('runs on each deploy that brings a new admin email, invoked by a custom resource allowed that alone', () => {
    const setupId = idOf(stack.firstAdmin!.setup);
    const setup = resources[setupId]!.Properties as Json;
    // The call as the custom resource's handler reads it: a JSON text joined around the function's name.
    const callOf = (joined: unknown) =>
      JSON.parse(
        ((joined as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] ?? [])
          .map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replaceAll('"', "'")))
          .join(''),
      ) as { service: string; action: string; parameters: { FunctionName: string; Payload: string } };
    const create = callOf(setup.Create);
    expect(create).toMatchObject({ service: 'Lambda', action: 'invoke' });
    expect(create.parameters.FunctionName).toBe(`{'Ref':'${fnId}'}`);
    expect(JSON.parse(create.parameters.Payload)).toEqual({ adminEmail: ADMIN });
    expect(setup.Update).toEqual(setup.Create);
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p).includes(`"Fn::GetAtt":["${fnId}","Arn"]`),
    )!;
    expect(allStatements(policy)).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [fnId, 'Arn'] },
      }),
    ]);
    template.hasOutput('FirstAdminFunctionName', { Value: { Ref: fnId } });
  });

  it('comes from -c adminEmail, and is refused at synth when it is no email address', () => {
    expect(propsFromContext({ adminEmail: ADMIN }).adminEmail).toBe(ADMIN);
    expect(() => synthesize({ adminEmail: 'boss' })).toThrow(
      'adminEmail must be an email address, got "boss"',
    );
  });

  it('is absent without an admin email: the console signs in with the console password or an API key', () => {
    const plain = synthesize();
    expect(plain.stack.firstAdmin).toBeUndefined();
    expect(Object.keys(plain.template.findResources('Custom::AWS')).length).toBe(
      Object.keys(template.findResources('Custom::AWS')).length - 1,
    );
  });
});

describe('the table the team lives in', () => {
  it('deletes ended sessions, links and sign-in counts by TTL on their expiresAt', () => {
    expect(tableDesign.ttlAttribute).toBe('expiresAt');
    const table = resources[idOf(stack.table)]!.Properties as Json;
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

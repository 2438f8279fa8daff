import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, allStatements, engineFunctionIds, type Json, synthesize } from './helpers';

const { stack, template } = synthesize();
const json = template.toJSON() as { Resources: Record<string, Json>; Parameters?: Record<string, Json> };
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const secret = idOf(stack.secret);
const env = (id: string) =>
  ((json.Resources[id]!.Properties as Json).Environment as { Variables: Json }).Variables;
// Every engine function but the sweep (it only re-arms), send (it delivers rendered jobs) and
// webhooks (it signs with the endpoints' own secrets, kept in the table).
const readers = () =>
  engineFunctionIds(template).filter(
    (id) =>
      id !== idOf(stack.sweep.function) &&
      id !== idOf(stack.send.function) &&
      id !== idOf(stack.webhooks.function),
  );

describe('the engine’s secret', () => {
  it('is one Secrets Manager secret whose signing key Secrets Manager generates, kept when the stack goes', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: Match.stringLikeRegexp('signingKey \\(generated\\), webhookSecret and apiKeySha256'),
        GenerateSecretString: {
          SecretStringTemplate: '{}',
          GenerateStringKey: 'signingKey',
          PasswordLength: 64,
          ExcludePunctuation: true,
        },
      },
    });
    template.hasOutput('SecretArn', { Value: { Ref: secret } });
  });

  it('reaches the functions by its ARN only: no secret in a parameter or an environment variable', () => {
    expect(Object.keys(json.Parameters ?? {}).filter((name) => name !== 'BootstrapVersion')).toEqual([]);
    for (const id of readers()) {
      expect(env(id).NURTURE_SECRET_ARN, id).toEqual({ Ref: secret });
      for (const key of ['NURTURE_WEBHOOK_SECRET', 'NURTURE_SIGNING_KEY', 'NURTURE_API_KEY_SHA256']) {
        expect(env(id), `${id} ${key}`).not.toHaveProperty(key);
      }
    }
    expect(env(idOf(stack.sweep.function))).not.toHaveProperty('NURTURE_SECRET_ARN');
  });

  it('may be read (GetSecretValue, nothing more) by the functions that use it, on that secret alone', () => {
    const grants = Object.entries(json.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
      .flatMap(([, policy]) =>
        allStatements(policy)
          .filter((s) => actionsOf(s).some((action) => action.startsWith('secretsmanager:')))
          .map((statement) => ({ statement, roles: (policy.Properties as Json).Roles })),
      );
    expect(grants).toHaveLength(readers().length);
    for (const { statement } of grants) {
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: secret },
      });
    }
    const roleOf = (fn: string) =>
      ((json.Resources[fn]!.Properties as Json).Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const granted = new Set(grants.flatMap(({ roles }) => (roles as { Ref: string }[]).map((r) => r.Ref)));
    expect([...granted].sort()).toEqual(readers().map(roleOf).sort());
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubBrowserStorage } from '../support/console-globals';
import { startTestEngine, type TestEngine } from '../support/local-engine';

interface Body {
  error?: string;
  issues?: { path: string; message: string }[];
  checks?: { path: string; code: string }[];
}

/** The engine's real 422 answers, worded by the console in the reader's language from the checks it names. */
describe('field problems in the reader’s language', () => {
  let engine: TestEngine;
  let setLang: (lang: 'en' | 'zh-CN') => void;
  let issueText: (body: Body, issue: { path: string; message: string }) => string;

  beforeAll(async () => {
    stubBrowserStorage();
    // Paths the server's type check does not follow: the modules are typed against the DOM library.
    const i18n = '../../functions/console/app/i18n.ts';
    const words = '../../functions/console/app/issue-words.ts';
    ({ setLang } = (await import(i18n)) as { setLang: typeof setLang });
    ({ issueText } = (await import(words)) as { issueText: typeof issueText });
    engine = await startTestEngine();
  });

  afterAll(async () => {
    await engine?.stop();
    vi.unstubAllGlobals();
  });

  it('says what a sequence step broke: a bound, a missing field, a choice, an unknown field', async () => {
    const answer = await engine.json<Body>('POST', '/v1/sequences', {
      sequence: {
        id: 'bad-steps',
        name: 'Bad steps',
        trigger: { kind: 'silence', days: 9999 },
        steps: [
          { id: 'pause', type: 'wait', days: 4000 },
          { id: 'hello', type: 'send', channels: 'pigeon' },
          { id: 'tag', type: 'tag', op: 'add', tag: 'x', colour: 'red' },
        ],
      },
    });
    expect(answer.status).toBe(422);
    const body = answer.body;
    const words = (lang: 'en' | 'zh-CN') => {
      setLang(lang);
      return Object.fromEntries((body.issues ?? []).map((i) => [i.path, issueText(body, i)]));
    };
    expect(words('zh-CN')).toEqual({
      'trigger.days': '不能大于 3650',
      'steps.0.days': '不能大于 3650',
      'steps.1.template': '此项不能为空',
      'steps.1.channels': '请从给出的选项中选择',
      'steps.2.colour': '系统无法识别此字段',
    });
    expect(words('en')).toMatchObject({
      'steps.0.days': 'At most 3650',
      'steps.1.template': 'This field cannot be empty',
    });
  });

  it('keeps the engine’s own words where it gave no check (a rule that names a missing template)', async () => {
    const answer = await engine.json<Body>('POST', '/v1/sequences', {
      sequence: {
        id: 'no-template',
        name: 'x',
        trigger: { kind: 'api' },
        steps: [{ id: 'a', type: 'send', template: 'no-such' }],
      },
    });
    expect(answer.status).toBe(422);
    setLang('zh-CN');
    const [issue] = answer.body.issues ?? [];
    expect(issue && issueText(answer.body, issue)).toBe('sequence:no-template: no template named no-such');
    setLang('en');
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAutomated } from '../../../functions/core/replies/automated';
import { classifyReply } from '../../../functions/core/replies/classify';
import { stripQuotes } from '../../../functions/core/replies/quote-strip';

/** Third-party corpora beside the repository (../shared/corpora, see its README); never copied in. */
const CORPORA = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpora');
const present = existsSync(CORPORA);

/** Strict, but for trailing whitespace on a line and blank lines at either end. */
function normalised(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

interface Case {
  name: string;
  input: string;
  expected: string;
}

function trimmerCases(): Case[] {
  const dir = join(CORPORA, 'email-reply-trimmer');
  return readdirSync(join(dir, 'emails'))
    .sort()
    .map((name) => ({
      name,
      input: readFileSync(join(dir, 'emails', name), 'utf8'),
      expected: readFileSync(join(dir, 'trimmed', name), 'utf8'),
    }));
}

function talonCases(): Case[] {
  return (
    JSON.parse(readFileSync(join(CORPORA, 'talon', 'text_quotations_cases.json'), 'utf8')) as {
      cases: Case[];
    }
  ).cases;
}

function matchRate(label: string, cases: readonly Case[]): number {
  const misses = cases.filter((c) => normalised(stripQuotes(c.input)) !== normalised(c.expected));
  const matched = cases.length - misses.length;
  console.log(
    `${label}: ${matched}/${cases.length} (${((100 * matched) / cases.length).toFixed(1)}%) strict matches; ` +
      `misses: ${misses.map((c) => c.name).join(', ')}`,
  );
  return matched / cases.length;
}

describe.skipIf(!present)('stripQuotes on third-party corpora', () => {
  it('matches email-reply-trimmer’s expected text in ≥ 90% of its emails', () => {
    expect(matchRate('email-reply-trimmer', trimmerCases())).toBeGreaterThanOrEqual(0.9);
  });

  it('matches talon’s quotation cases in ≥ 90%', () => {
    expect(matchRate('talon text_quotations', talonCases())).toBeGreaterThanOrEqual(0.9);
  });

  it('reads none of their human replies as automated, before or after stripping', () => {
    const automated = [...trimmerCases(), ...talonCases()].filter((c) =>
      [c.input, stripQuotes(c.input)].some((text) => readAutomated({ text }) !== undefined),
    );
    expect(automated.map((c) => c.name)).toEqual([]);
  });
});

describe('stripQuotes: attributions, header blocks and markers in many languages', () => {
  it.each<[string, string]>([
    [
      'German Outlook',
      'Von: Li Lei <li@shop.example>\nGesendet: Dienstag, 9. Februar 2027 09:00\nAn: Anna\nBetreff: Sofa',
    ],
    ['French Gmail', 'Le mar. 9 févr. 2027 à 09:00, Li Lei <li@shop.example> a écrit :\n> Bonjour'],
    ['Spanish Gmail', 'El mar, 9 feb 2027 a las 9:00, Li Lei (<li@shop.example>) escribió:\n> Hola'],
    ['Italian Gmail', 'Il giorno mar 9 feb 2027 alle ore 09:00 Li Lei <li@shop.example> ha scritto:\n> Ciao'],
    ['Dutch Gmail', 'Op di 9 feb. 2027 om 09:00 schreef Li Lei <li@shop.example>:\n> Hallo'],
    [
      'Swedish Outlook',
      'Från: Li Lei <li@shop.example>\nSkickat: den 9 februari 2027 09:00\nTill: Anna\nÄmne: Soffa',
    ],
    ['Russian Gmail', 'вт, 9 февр. 2027 г. в 09:00, Li Lei <li@shop.example>:\n> Привет'],
    [
      'Russian Outlook',
      'От: Li Lei <li@shop.example>\nОтправлено: 9 февраля 2027 г. 9:00\nКому: Anna\nТема: Диван',
    ],
    ['Original Message', '-----Original Message-----\nFrom: Li Lei\nSent: Tuesday\n\nHello'],
    ['zh Gmail with a name', '李雷 <li@shop.example> 于2027年2月9日周二 09:00写道：\n> 您好'],
    ['zh mailto', '在 2027年2月9日，09:00，"李雷" <mailto:li@shop.example> 写道：\n\n您好'],
    ['zh-TW wrapped', '李雷 <li@shop.example> 於 2027年2月9日 週二\n上午9:00寫道：\n> 您好'],
    ['zh Outlook', '发件人: 李雷 <li@shop.example>\n发送时间: 2027年2月9日 9:00\n收件人: 王芳\n主题: 沙发'],
    ['ja Outlook', '差出人: 李雷 <li@shop.example>\n送信日時: 2027年2月9日 9:00\n宛先: 山田\n件名: ソファ'],
  ])('%s', (_name, history) => {
    expect(stripQuotes(`Thanks, see you Monday.\n\n${history}\n`)).toBe('Thanks, see you Monday.');
  });

  it('keeps a reply that only mentions writing', () => {
    expect(stripQuotes('My sister wrote: the sofa is lovely.\nOn Monday then.')).toBe(
      'My sister wrote: the sofa is lovely.\nOn Monday then.',
    );
  });
});

describe('bounded, linear time on pathological input', () => {
  const within = (ms: number, run: () => unknown) => {
    const started = performance.now();
    run();
    const took = performance.now() - started;
    console.log(`took ${took.toFixed(0)} ms`);
    expect(took).toBeLessThan(ms);
  };

  it('32 KB of blank lines', () => {
    within(1000, () =>
      expect(stripQuotes(`Hi${'\n'.repeat(32 * 1024)}Bye`)).toBe(
        `Hi${'\n'.repeat(32 * 1024)}Bye`.slice(0, 64 * 1024).trim(),
      ),
    );
  });

  it('a 768 KB quoted line, and 10 MB of text', () => {
    within(1000, () => stripQuotes(`Yes\n> ${'x'.repeat(768 * 1024)}\n`));
    within(1000, () => classifyReply({ text: `Yes\n> ${'x'.repeat(768 * 1024)}\n` }));
    within(1000, () => classifyReply({ text: 'word '.repeat(2 * 1024 * 1024), subject: 's'.repeat(100000) }));
    within(1000, () => stripQuotes('On 1 wrote\n'.repeat(1024 * 1024)));
  });
});

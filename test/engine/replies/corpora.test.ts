import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Automated, readAutomated } from '../../../functions/core/replies/automated';
import { classifyReply, isRealReply, type ReplyKind } from '../../../functions/core/replies/classify';
import { parseInboundEmail } from '../../../functions/engine/replies/inbound-mime';
import { inboundContent } from '../../../functions/engine/replies/machine-mail';

/** Third-party corpora beside the repository (../shared/corpora, see its README); never copied in. */
const CORPORA = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpora');
const present = existsSync(CORPORA);

interface Reading {
  file: string;
  kind: ReplyKind;
  automated?: Automated;
  ms: number;
}

/** Parses and classifies a raw message exactly as the inbound path does. */
async function read(dir: string, file: string): Promise<Reading> {
  const started = performance.now();
  const email = await parseInboundEmail(readFileSync(join(dir, file)));
  const content = inboundContent(email, email.from);
  const automated = readAutomated(content);
  const kind = automated?.kind ?? classifyReply(content);
  return { file, kind, ...(automated ? { automated } : {}), ms: performance.now() - started };
}

async function readAll(dir: string, keep: (file: string) => boolean): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const file of readdirSync(dir).filter(keep).sort()) readings.push(await read(dir, file));
  return readings;
}

const rate = (part: number, all: number) => `${part}/${all} (${((100 * part) / all).toFixed(1)}%)`;

describe.skipIf(!present)('the inbound path on third-party corpora', () => {
  const bsd = join(CORPORA, 'sisimai', 'bsd');

  it('reads every bounce and abuse report as one (≥ 97%), none as a customer reply, each under a second', async () => {
    const readings = await readAll(bsd, (f) => /^(lhost|rhost|rfc3464|arf)-/.test(f));
    const reports = readings.filter((r) => r.file.startsWith('arf-'));
    const bounces = readings.filter((r) => !r.file.startsWith('arf-'));
    const asBounce = bounces.filter((r) => r.kind === 'bounce');
    const asAbuse = reports.filter((r) => r.kind === 'abuse-report');
    const withRecipient = asBounce.filter((r) => r.automated?.kind === 'bounce' && r.automated.recipient);
    console.log(
      `sisimai/bsd: bounces ${rate(asBounce.length, bounces.length)}, with the failed address ` +
        `${rate(withRecipient.length, asBounce.length)}; abuse reports ${rate(asAbuse.length, reports.length)}; ` +
        `slowest ${Math.max(...readings.map((r) => r.ms)).toFixed(0)} ms`,
    );
    expect(readings.filter((r) => isRealReply(r.kind)).map((r) => `${r.file}: ${r.kind}`)).toEqual([]);
    expect(asBounce.length / bounces.length).toBeGreaterThanOrEqual(0.97);
    expect(asAbuse.length / reports.length).toBeGreaterThanOrEqual(0.97);
    expect(readings.filter((r) => r.ms > 1000).map((r) => r.file)).toEqual([]);
  });

  it('reads every RFC 3834 vacation reply as automated', async () => {
    const readings = await readAll(bsd, (f) => f.startsWith('rfc3834-'));
    expect(readings.length).toBeGreaterThan(0);
    expect(readings.filter((r) => !r.automated).map((r) => r.file)).toEqual([]);
  });

  it('reads the messages that are not bounces (sisimai/not) as no bounce and no report', async () => {
    const readings = await readAll(join(CORPORA, 'sisimai', 'not'), (f) => f.endsWith('.eml'));
    // rb-issue-368 is filed there for a parser bug, yet it is a bounce by every standard sign
    // (Return-Path <>, Auto-Submitted: auto-replied, postmaster, "mailbox full"): a transient
    // one, which lists nothing. The others are people's mail.
    const people = readings.filter((r) => !r.file.startsWith('rb-issue-368'));
    expect(people.filter((r) => r.automated).map((r) => `${r.file}: ${r.kind}`)).toEqual([]);
    for (const r of readings) {
      if (r.automated?.kind === 'bounce') expect(r.automated.permanent).not.toBe(true);
      expect(r.kind).not.toBe('abuse-report');
    }
  });

  it('reads every human reply of talon (.eml) as a person’s', async () => {
    const readings = await readAll(join(CORPORA, 'talon', 'standard_replies'), (f) => f.endsWith('.eml'));
    expect(readings.length).toBeGreaterThan(5);
    expect(readings.filter((r) => r.automated).map((r) => `${r.file}: ${r.kind}`)).toEqual([]);
  });
});

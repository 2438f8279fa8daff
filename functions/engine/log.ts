/** Structured JSON logs; personal data is masked before it is written. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// A leading + (E.164) or a bare Chinese mobile number; dates and times never match.
const PHONE = /\+\d[\d ()-]{6,}(\d{2})|\b1[3-9]\d{7}(\d{2})\b/g;

/** Masks email addresses and phone numbers: `w***@example.com`, `+*******00`. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, '$1***@$2')
    .replace(
      PHONE,
      (_m, plusTail: string | undefined, bareTail: string | undefined) => `+***${plusTail ?? bareTail}`,
    );
}

/** A logger writing one JSON line per event to `write`. */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return (event, fields = {}) => {
    const line = JSON.stringify({ level: 'info', event, ...fields, time: new Date().toISOString() });
    write(maskPersonalData(line));
  };
}

export const silentLogger: Logger = () => {};

/**
 * A campaign's send lists: its recipients filed by the UTC minute their
 * message is due, so that one job sends a minute's recipients together
 * instead of each recipient's state carrying the campaign to its own alarm.
 * Minutes are written `YYYY-MM-DDTHH:MMZ`, which sort as they fall.
 */

/** The minute `at` falls in, as the lists name it. */
export function sendMinuteOf(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

/** The instant a list's minute begins. */
export function minuteStart(minute: string): Date {
  return new Date(`${minute.slice(0, 16)}:00Z`);
}

/** The UTC hour a minute belongs to: one list item per page and hour. */
export function hourOfMinute(minute: string): string {
  return minute.slice(0, 13);
}

/** The attribute of an hour's list item that holds one minute's recipients. */
export function minuteAttribute(minute: string): string {
  return `m${minute.slice(14, 16)}`;
}

/**
 * Where a campaign's lists stand: every minute that has recipients, the
 * minute through which the lists are closed (a job took them), and the one
 * through which their recipients were sent.
 */
export interface SendListMarks {
  minutes: readonly string[];
  closedThrough?: string;
  sentThrough?: string;
}

/** The minutes a job has closed and not yet sent, in order. */
export function minutesToSend(marks: SendListMarks): string[] {
  const { closedThrough, sentThrough } = marks;
  if (!closedThrough) return [];
  return marks.minutes
    .filter((m) => m <= closedThrough && (sentThrough === undefined || m > sentThrough))
    .sort();
}

/** The first minute still open (later than the closed ones): when the job is next due. */
export function nextOpenMinute(marks: SendListMarks): string | undefined {
  const { closedThrough } = marks;
  return marks.minutes
    .filter((m) => closedThrough === undefined || m > closedThrough)
    .sort()
    .at(0);
}

/**
 * A page's recipients by the minute their message is due: those due by
 * `closedThrough` (or by `now`) are sent at once, the rest go on the lists.
 */
export function splitByMinute(
  due: readonly { customerId: string; at: Date }[],
  now: Date,
  closedThrough: string | undefined,
): { now: string[]; lists: Map<string, string[]> } {
  const current = sendMinuteOf(now);
  const cutoff = closedThrough && closedThrough > current ? closedThrough : current;
  const lists = new Map<string, string[]>();
  const sendNow: string[] = [];
  for (const { customerId, at } of due) {
    const minute = sendMinuteOf(at);
    if (minute <= cutoff) sendNow.push(customerId);
    else {
      const list = lists.get(minute);
      if (list) list.push(customerId);
      else lists.set(minute, [customerId]);
    }
  }
  return { now: sendNow, lists };
}

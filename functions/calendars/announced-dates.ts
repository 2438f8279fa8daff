import type { HinduConventionId, IslamicConventionId } from '../core/calendars/calendar-data';

/**
 * Dates the authorities announced, which win over the computation for their
 * year (the generator prints where the two differ). Add a year when it is
 * gazetted, then `npm run festivals`.
 */
export interface Announcement {
  convention: IslamicConventionId | HinduConventionId;
  /** The Islamic day (MM-DD) or `diwali`. */
  day: string;
  date: string;
  by: string;
}

const saudi = 'Saudi Arabia, Supreme Court announcement';
const singapore = 'Singapore, Ministry of Manpower public holidays (MUIS, Hindu Endowments Board)';
const malaysia = 'Malaysia, federal public holidays (Keeper of the Rulers’ Seal)';
const indonesia = 'Indonesia, Ministry of Religious Affairs (sidang isbat)';

export const announcedDates: readonly Announcement[] = [
  { convention: 'umm-al-qura', day: '10-01', date: '2024-04-10', by: saudi },
  { convention: 'umm-al-qura', day: '12-10', date: '2024-06-16', by: saudi },
  { convention: 'umm-al-qura', day: '10-01', date: '2025-03-30', by: saudi },
  { convention: 'umm-al-qura', day: '12-10', date: '2025-06-06', by: saudi },
  { convention: 'mabims-singapore', day: '10-01', date: '2024-04-10', by: singapore },
  { convention: 'mabims-singapore', day: '12-10', date: '2024-06-17', by: singapore },
  { convention: 'mabims-singapore', day: '10-01', date: '2025-03-31', by: singapore },
  { convention: 'mabims-singapore', day: '12-10', date: '2025-06-07', by: singapore },
  { convention: 'mabims-singapore', day: '10-01', date: '2026-03-21', by: singapore },
  { convention: 'mabims-singapore', day: '12-10', date: '2026-05-27', by: singapore },
  { convention: 'deepavali-tamil', day: 'diwali', date: '2024-10-31', by: singapore },
  { convention: 'deepavali-tamil', day: 'diwali', date: '2025-10-20', by: singapore },
  { convention: 'deepavali-tamil', day: 'diwali', date: '2026-11-08', by: singapore },
  { convention: 'mabims-malaysia', day: '10-01', date: '2024-04-10', by: malaysia },
  { convention: 'mabims-malaysia', day: '12-10', date: '2024-06-17', by: malaysia },
  { convention: 'mabims-malaysia', day: '10-01', date: '2025-03-31', by: malaysia },
  { convention: 'mabims-malaysia', day: '12-10', date: '2025-06-07', by: malaysia },
  { convention: 'mabims-indonesia', day: '10-01', date: '2024-04-10', by: indonesia },
  { convention: 'mabims-indonesia', day: '12-10', date: '2024-06-17', by: indonesia },
  { convention: 'mabims-indonesia', day: '10-01', date: '2025-03-31', by: indonesia },
  { convention: 'mabims-indonesia', day: '12-10', date: '2025-06-06', by: indonesia },
];

import { describe, expect, it } from 'vitest';
import { csvCell, customersCsv } from '../../../functions/core/customers/customer-csv';
import { compareHits } from '../../../functions/core/customers/customer-search';

describe('the customer list as CSV', () => {
  it('defuses cells a spreadsheet would run as a formula, and quotes what RFC 4180 needs', () => {
    for (const start of ['=', '+', '-', '@', '\t']) expect(csvCell(`${start}1`)).toBe(`'${start}1`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('王芳')).toBe('王芳');
  });

  it('writes a header and one CRLF line per customer, tags joined', () => {
    expect(customersCsv([{ customerId: 'c-1', name: '王芳', tier: 'A', tags: ['vip', '老客户'] }])).toBe(
      'customerId,name,email,phone,city,country,tier,owner,tags,lastContactAt\r\nc-1,王芳,,,,,A,,vip; 老客户,\r\n',
    );
  });
});

describe('sorting the list', () => {
  const hits = [
    { name: 'b', tier: 'C', city: 'Xi’an' },
    { name: 'a', tier: 'A' },
    { name: 'c', tier: 'B', city: 'Beijing', lastContactAt: '2027-01-02T00:00:00Z' },
  ];
  const names = (sorted: typeof hits) => sorted.map((h) => h.name);

  it('puts hits without the value last either way, ties by name', () => {
    expect(names([...hits].sort(compareHits('city', 'asc')))).toEqual(['c', 'b', 'a']);
    expect(names([...hits].sort(compareHits('city', 'desc')))).toEqual(['b', 'c', 'a']);
    expect(names([...hits].sort(compareHits('tier', 'asc')))).toEqual(['a', 'c', 'b']);
    expect(names([...hits].sort(compareHits('lastContact', 'desc')))).toEqual(['c', 'a', 'b']);
  });
});

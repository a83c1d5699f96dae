/**
 * Splits one line of Snort's CSV outputs into field values. Not RFC 4180: Snort 2's
 * `TextLog_Quote` wraps `msg` in `"…"` and escapes `"` and `\` with a backslash, and Snort 3 prints
 * the rule's msg with the quotes and escapes it was written with. Snort 3 separates with `", "` by
 * default, so blanks around unquoted values are dropped — which also drops the trailing space
 * Snort 2 prints after its timestamp.
 *
 * @example splitCsvFields('04/20-14:45:09.171005 ,1,"a \\"b\\", c",TCP') // ['04/20-14:45:09.171005', '1', 'a "b", c', 'TCP']
 */
export function splitCsvFields(line: string): string[] | null {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      for (i = from; ; i++) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */) {
          value += line.slice(from, i);
          from = ++i; // the escaped char is kept as it is
        } else if (c === 34) break;
      }
      fields.push(value + line.slice(from, i));
      i++;
      while (i < n && isBlank(line.charCodeAt(i))) i++;
      if (i < n && line.charCodeAt(i) !== 44 /* , */) return null;
    } else {
      const comma = line.indexOf(',', i);
      let end = comma < 0 ? n : comma;
      while (end > i && isBlank(line.charCodeAt(end - 1))) end--;
      fields.push(line.slice(i, end));
      i = comma < 0 ? n : comma;
    }
    if (i >= n) return fields;
    i++; // past the comma
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

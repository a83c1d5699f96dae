/**
 * English month abbreviations (`Jan` … `Dec`) as syslog-style timestamps print them, read from
 * three character codes — so that the string parsers and the byte-level fast lanes share one
 * table. A switch, not a lookup: it runs once per line.
 */

/** The month (1-12) the three codes spell, or 0. */
export function monthOfCodes(a: number, b: number, c: number): number {
  switch (a) {
    case 74 /* J */:
      if (b === 97 && c === 110) return 1; // Jan
      if (b === 117) return c === 110 ? 6 : c === 108 ? 7 : 0; // Jun, Jul
      return 0;
    case 70 /* F */:
      return b === 101 && c === 98 ? 2 : 0; // Feb
    case 77 /* M */:
      return b === 97 ? (c === 114 ? 3 : c === 121 ? 5 : 0) : 0; // Mar, May
    case 65 /* A */:
      if (b === 112 && c === 114) return 4; // Apr
      return b === 117 && c === 103 ? 8 : 0; // Aug
    case 83 /* S */:
      return b === 101 && c === 112 ? 9 : 0; // Sep
    case 79 /* O */:
      return b === 99 && c === 116 ? 10 : 0; // Oct
    case 78 /* N */:
      return b === 111 && c === 118 ? 11 : 0; // Nov
    case 68 /* D */:
      return b === 101 && c === 99 ? 12 : 0; // Dec
    default:
      return 0;
  }
}

/**
 * The scan-type words of spp_portscan's `ScanType` (docs/FORMATS.md §2.3), shared by the scans parser
 * and its fast lane (which relies on this order: `UDP` is 0, `SYN` is 1).
 */
export const SCAN_TYPES = [
  'UDP',
  'SYN',
  'FIN',
  'SYNFIN',
  'NULL',
  'XMAS',
  'FULLXMAS',
  'VECNA',
  'NOACK',
  'NMAPID',
  'SPAU',
  'INVALIDACK',
  'UNKNOWN',
] as const;

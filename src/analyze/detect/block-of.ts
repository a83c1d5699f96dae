/** The /24 a host sits in (for IPv6 and sanitised text: everything before the last group). */
export function blockOf(host: string): string {
  return host.replace(/[.:][^.:]*$/, '');
}

/**
 * Every address, port and signature on any page is a link to its own page. The text is rendered
 * by React as text (never as HTML), so a log line's `<script>` stays a string.
 */
import type { ReactNode } from 'react';
import { Link } from '../router.js';

export function addressPath(address: string): string {
  return `/ip/${encodeURIComponent(address)}`;
}

export function portPath(port: number | string): string {
  return `/port/${encodeURIComponent(String(port))}`;
}

export function signaturePath(id: string | number): string {
  return `/signature/${encodeURIComponent(String(id))}`;
}

export function detectPath(id: string | number): string {
  return `/detect/${encodeURIComponent(String(id))}`;
}

export function AddressLink({ address }: { address: string | null | undefined }): ReactNode {
  if (!address) return <span className="muted">–</span>;
  return (
    <Link to={addressPath(address)} className="addr">
      {address}
    </Link>
  );
}

export function PortLink({ port }: { port: number | string | null | undefined }): ReactNode {
  if (port === null || port === undefined || port === '') return <span className="muted">–</span>;
  return (
    <Link to={portPath(port)} className="port">
      {String(port)}
    </Link>
  );
}

/** A signature by its id, showing `label` (the message) when known. */
export function SignatureLink({
  id,
  label,
}: {
  id: string | number | null | undefined;
  label?: string | null;
}): ReactNode {
  if (id === null || id === undefined || id === '') return <span className="muted">–</span>;
  return (
    <Link to={signaturePath(id)} className="sig">
      {label ?? String(id)}
    </Link>
  );
}

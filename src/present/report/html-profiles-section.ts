/**
 * Profiles of the most suspicious external addresses, as the practical's "who is this?" pages:
 * registry, network block, ASN and holder, country (offline data), then what the address did
 * across every log — its signatures, peers and ports, as source and as destination.
 */
import type { AddressProfile } from '../../analyze/profile/profile-address.js';
import { html, type SafeHtml } from './html-template.js';
import { renderHtmlTable } from './html-table.js';
import type { ReportData } from './report-data.js';
import { formatCount, formatTime } from './report-format.js';

export function renderProfilesSection(data: ReportData): SafeHtml {
  const sources = [...new Set(data.profiles.flatMap((p) => p.profile.registry.data_sources))];
  return html`<section class="page" id="profiles">
    <h2>Profiles of suspicious external addresses</h2>
    ${
      data.profiles.length === 0
        ? html`<p class="muted">No external address took part in a detect or in the traffic.</p>`
        : html`<p>
            The ${data.profiles.length} external addresses most involved in the detects (then the busiest external
            talkers). Registry facts come from offline data shipped with idsift, not from a live query.
          </p>`
    }
    ${data.profiles.map(({ reasons, profile }, i) => renderProfile(profile, reasons, i))}
    ${sources.length > 0 ? html`<p class="muted">Registry data: ${sources.join('; ')}.</p>` : ''}
  </section>`;
}

function renderProfile(p: AddressProfile, reasons: readonly string[], index: number): SafeHtml {
  const r = p.registry;
  const a = p.activity;
  const peers = (list: AddressProfile['activity']['top_peers']['as_source']): string =>
    list.map((x) => `${x.key} (${x.group}, ${formatCount(x.events)})`).join(', ');
  return html`<article class="profile" id="profile-${index + 1}">
    <h3><span class="mono">${p.address}</span> <span class="muted">${p.group}</span></h3>
    <p class="muted">Why: ${reasons.join('; ')}.</p>
    <div class="grid2">
      <dl class="kv">
        <dt>registry</dt>
        <dd>${r.rir ?? '—'}${r.iana ? ` (IANA ${r.iana.prefix}: ${r.iana.designation})` : ''}</dd>
        <dt>network block</dt>
        <dd class="mono">${r.network ? r.network.cidrs.join(', ') : '—'}</dd>
        <dt>ASN, holder</dt>
        <dd>${r.asn !== null ? `AS${r.asn}` : '—'}${r.holder ? `, ${r.holder}` : ''}</dd>
        <dt>country</dt>
        <dd>${r.country ? `${r.country.name} (${r.country.code})` : '—'}</dd>
        ${
          r.note
            ? html`<dt>note</dt>
                <dd>${r.note}</dd>`
            : ''
        }
        ${
          p.aliases.length > 0
            ? html`<dt>also seen as</dt>
                <dd class="mono">${p.aliases.join(', ')}</dd>`
            : ''
        }
      </dl>
      <dl class="kv">
        <dt>first seen</dt>
        <dd>${formatTime(a.first_seen)}</dd>
        <dt>last seen</dt>
        <dd>${formatTime(a.last_seen)}</dd>
        <dt>events</dt>
        <dd>
          ${formatCount(a.events)}
          (${Object.entries(a.by_source)
            .map(([k, v]) => `${k} ${formatCount(v)}`)
            .join(', ')})
        </dd>
        <dt>talked to</dt>
        <dd class="mono">${peers(a.top_peers.as_source) || '—'}</dd>
        <dt>heard from</dt>
        <dd class="mono">${peers(a.top_peers.as_destination) || '—'}</dd>
        <dt>ports it targeted</dt>
        <dd>${a.top_ports.as_source.map((x) => `${x.key} (${formatCount(x.events)})`).join(', ') || '—'}</dd>
      </dl>
    </div>
    ${renderHtmlTable(
      ['signature', 'events', 'as source', 'as destination'],
      a.top_signatures.map((s) => [
        s.key,
        formatCount(s.events),
        formatCount(s.as_source),
        formatCount(s.as_destination),
      ]),
      { numeric: [1, 2, 3], empty: 'No alert signatures involve this address.' },
    )}
  </article>`;
}

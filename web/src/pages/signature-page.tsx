/** `/signature/<id>`: who triggers a signature, when, against whom; the rule text when rules are loaded. */
import type { ReactNode } from 'react';
import { apiUrl, useApi } from '../api.js';
import type { RuleInfo, SignatureInfo } from '../api-types.js';
import { AddressLink, PortLink } from '../components/entity-links.js';
import { EventPages } from '../components/event-pages.js';
import { Problem } from '../components/format.js';
import { useEventPage } from '../components/use-event-page.js';
import { TopList, WhoHitsSummary } from '../components/who-hits.js';
import type { Location } from '../router.js';

function Rule({ rule }: { rule: RuleInfo }): ReactNode {
  return (
    <div className="panel" data-testid="rule">
      <h2>
        Rule {rule.sid !== null ? `${rule.gid ?? 1}:${rule.sid}${rule.rev !== null ? ` rev ${rule.rev}` : ''}` : ''}
        {rule.enabled === false ? ' (disabled)' : ''}
      </h2>
      {rule.text ? <pre className="rule">{rule.text}</pre> : <p className="muted">Known from a message map only.</p>}
      <p className="hint">
        {rule.class ? `class ${rule.class.name}${rule.class.description ? ` (${rule.class.description})` : ''}` : ''}
        {rule.priority !== null ? ` · priority ${rule.priority}` : ''}
      </p>
      {rule.references.length > 0 && (
        <p className="hint">
          references:{' '}
          {rule.references.map((r) => (
            // Reference URLs come from rule files: shown as text, never followed from here.
            <span key={`${r.system},${r.id}`} className="mono">
              {r.system},{r.id}{' '}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

export function SignaturePage({ loc, id }: { loc: Location; id: string }): ReactNode {
  const from = loc.query.get('from');
  const to = loc.query.get('to');
  const info = useApi<SignatureInfo>(apiUrl(`/api/signature/${encodeURIComponent(id)}`, { from, to }));
  const s = info.data;
  // Events carry the message, so the list is asked for by message even when the page is by sid.
  const paging = useEventPage(loc, s ? { signature: s.signature, from, to } : null);
  return (
    <section data-testid="signature-page">
      <h1>
        Signature: <span data-testid="signature-name">{s?.signature ?? id}</span>
      </h1>
      <Problem error={info.error} />
      {s && (
        <>
          <WhoHitsSummary info={s} what="alerts" />
          {s.rule ? (
            <Rule rule={s.rule} />
          ) : (
            <p className="hint">No rule loaded for this signature (idsift rules load PATH).</p>
          )}
          <div className="grid">
            <TopList title="Sources" rows={s.sources} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList title="Targets" rows={s.targets} render={(e) => <AddressLink address={String(e.key)} />} />
            <TopList title="Ports" rows={s.ports} render={(e) => <PortLink port={e.key} />} />
          </div>
          <div className="panel">
            <h2>Its events</h2>
            <EventPages paging={paging} testId="signature-events" />
          </div>
        </>
      )}
    </section>
  );
}

import {checkGateway, type Finding} from './gateway-check.js';
import {EDITABLE_FIELDS, FIELD_HELP, SECRET_FIELDS, BIND_MODES} from './gateway-schema.js';
import {getPath, type ConfigView} from './config-target.js';
import {maskToken} from './mask.js';

export type ConfigRow = {kind: 'field'; field: string; value: string; help: string; finding?: Finding} | {kind: 'finding'; finding: Finding};

export const FIELD_CHOICES: Record<string, readonly string[]> = {
	mode: ['local', 'remote'],
	bind: BIND_MODES,
	'auth.mode': ['token', 'password', 'none', 'trusted-proxy'],
	'tailscale.mode': ['off', 'serve', 'funnel'],
};

function show(field: string, v: unknown, reveal: boolean): string {
	if (v === undefined) return '—';
	if (SECRET_FIELDS.includes(field) && typeof v === 'string' && !reveal) return maskToken(v);
	if (typeof v === 'object') return JSON.stringify(v).slice(0, 60);
	return JSON.stringify(v);
}

/** The Config pane's rows: the editable fields (with their value and the problem on them), then every finding. */
export function configRows(view: ConfigView | undefined, reveal: boolean): {rows: ConfigRow[]; findings: Finding[]} {
	if (!view?.parsed) return {rows: [], findings: []};
	const findings = view.findings ?? checkGateway(view.parsed);
	const rows: ConfigRow[] = EDITABLE_FIELDS.map(field => {
		const path = ['gateway', ...field.split('.')];
		const finding = findings.find(f => f.path.join('.') === path.join('.'));
		return {kind: 'field', field, value: show(field, getPath(view.parsed, path), reveal), help: FIELD_HELP[field] ?? '', finding};
	});
	for (const f of findings) rows.push({kind: 'finding', finding: f});
	return {rows, findings};
}

import {validateNode, type NodeDraft, type NodeEntry} from './nodes.js';
import {maskToken} from './mask.js';
import {displayAddress, type SecretKind} from './route.js';

/**
 * The guide keeps its nodes in TOOLS.md / MEMORY.md as a markdown table:
 *   | 名称 | IP | 端口 | Token |
 * Headers may also be English (name | host/ip | port | token), optionally with a Tags column.
 * Any other text in the file is ignored.
 */
type Col = 'name' | 'host' | 'port' | 'token' | 'tags' | 'url' | 'ssh' | 'tls' | 'auth';
const ROUTE_COLS: readonly Col[] = ['url', 'ssh', 'tls', 'auth'];
/** Optional route columns (URL, SSH, TLS SHA256, Auth) may follow; the guide's four columns alone still import. */
const HEADER_ALIASES: Record<string, Col> = {
	名称: 'name',
	名字: 'name',
	name: 'name',
	ip: 'host',
	host: 'host',
	地址: 'host',
	端口: 'port',
	port: 'port',
	token: 'token',
	令牌: 'token',
	tags: 'tags',
	标签: 'tags',
	url: 'url',
	address: 'url',
	ssh: 'ssh',
	tls: 'tls',
	'tls sha256': 'tls',
	pin: 'tls',
	auth: 'auth',
};

/**
 * `token` is undefined when the file shows a masked token (`••••9a0b`): keep the stored one.
 * `routeColumns` is set when the table has route columns; without them a known node keeps its route.
 */
export type ImportRow = {line: number; node: NodeEntry; token?: string; secretKind?: SecretKind; routeColumns?: true};
export type ImportProblem = {line: number; reason: string};
export type ParsedTable = {rows: ImportRow[]; problems: ImportProblem[]; warnings: ImportProblem[]; tables: number};

/** A cell border: `|` or the full-width `｜` an IME types; `\|` inside a cell is a literal pipe. */
const isPipe = (ch: string | undefined) => ch === '|' || ch === '｜';
const hasPipe = (line: string) => /(?<!\\)[|｜]/.test(line);

function splitRow(line: string): string[] {
	const cells: string[] = [];
	let cur = '';
	for (let k = 0; k < line.length; k++) {
		const ch = line[k]!;
		if (ch === '\\' && isPipe(line[k + 1])) {
			cur += line[++k];
			continue;
		}
		if (isPipe(ch)) {
			cells.push(cur);
			cur = '';
			continue;
		}
		cur += ch;
	}
	cells.push(cur);
	const t = line.trim();
	// outer pipes are optional
	if (isPipe(t[0]) && cells[0]!.trim() === '') cells.shift();
	if (isPipe(t.at(-1)) && !t.endsWith('\\' + t.at(-1)) && cells.length && cells.at(-1)!.trim() === '') cells.pop();
	return cells.map(c => c.trim());
}

/** `|---|:-:|`, `|-|-|`, `--- | ---` (with full-width dashes and colons too). */
const isSeparator = (line: string | undefined) => line !== undefined && hasPipe(line) && splitRow(line).every(c => /^[:：]?[-－]+[:：]?$/.test(c));

const NEEDED = [
	['name', '名称/name'],
	['host', 'IP/host (or URL)'],
	['token', 'Token'],
] as const;

export function parseNodeTable(text: string): ParsedTable {
	const lines = text.split(/\r?\n/);
	const rows: ImportRow[] = [];
	const problems: ImportProblem[] = [];
	const warnings: ImportProblem[] = [];
	let tables = 0;
	const seen = new Map<string, number>();
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		if (!hasPipe(line)) continue;
		const cols = splitRow(line).map(h => HEADER_ALIASES[h.replace(/[*_`]/g, '').toLowerCase()]);
		const has = (k: Col) => cols.includes(k) || (k === 'host' && cols.includes('url'));
		const known = NEEDED.filter(([k]) => has(k));
		// a header that names nodes (two of name/host/token) is a node table, or we say why it is not
		if (known.length < 2) continue;
		if (!isSeparator(lines[i + 1])) {
			if (known.length === 3) problems.push({line: i + 2, reason: `no separator row (|---|---|) under the header on line ${i + 1}, so this is not a table`});
			continue;
		}
		if (known.length < 3) {
			problems.push({line: i + 1, reason: `a node table needs ${NEEDED.map(n => n[1]).join(', ')} columns; missing: ${NEEDED.filter(n => !has(n[0])).map(n => n[1]).join(', ')}`});
			continue;
		}
		tables++;
		let j = i + 2;
		for (; j < lines.length && lines[j]!.trim() !== '' && hasPipe(lines[j]!); j++) {
			const cells = splitRow(lines[j]!);
			const lineNo = j + 1;
			if (cells.every(c => c === '')) continue;
			if (cells.length > cols.length) {
				problems.push({line: lineNo, reason: `${cells.length} cells but the header has ${cols.length} (a | inside a value is written \\|)`});
				continue;
			}
			const get = (k: Col) => {
				const idx = cols.indexOf(k as never);
				return idx === -1 ? '' : (cells[idx] ?? '').replace(/^`|`$/g, '');
			};
			const token = get('token');
			const masked = token.startsWith('•');
			const res = validateNode(
				{name: get('name'), host: get('url') || get('host'), port: get('port'), token: masked ? '' : token, tags: get('tags'), ssh: get('ssh'), tls: get('tls'), auth: get('auth')},
				[],
				{keepToken: masked},
			);
			if (!res.ok) {
				problems.push({line: lineNo, reason: Object.entries(res.errors).map(([f, m]) => `${f}: ${m}`).join('; ')});
				continue;
			}
			const key = res.value.name.toLowerCase();
			if (seen.has(key)) {
				problems.push({line: lineNo, reason: `name "${res.value.name}" already appears on line ${seen.get(key)}`});
				continue;
			}
			seen.set(key, lineNo);
			const {token: value, secretKind, ...node} = res.value;
			if (/(\.\.\.|…)$/.test(value)) {
				warnings.push({line: lineNo, reason: `token of "${node.name}" looks shortened ("${maskToken(value)}"); set the full token (e to edit) or it will fail auth`});
			}
			const extra = {...(secretKind ? {secretKind} : {}), ...(cols.some(c => c && ROUTE_COLS.includes(c)) ? {routeColumns: true as const} : {})};
			rows.push(masked ? {line: lineNo, node, ...extra} : {line: lineNo, node, token: value, ...extra});
		}
		i = j - 1;
	}
	return {rows, problems, warnings, tables};
}

/** The guide's table (plus Tags); URL, SSH, TLS SHA256 and Auth columns only when some node needs them. */
export function renderNodeTable(nodes: readonly NodeDraft[], {revealTokens = false} = {}): string {
	const route = nodes.some(n => n.scheme === 'wss' || n.ssh || n.secretKind === 'password');
	const out = route
		? ['| 名称 | IP | 端口 | Token | Tags | URL | SSH | TLS SHA256 | Auth |', '|------|-----|------|-------|------|-----|-----|------------|------|']
		: ['| 名称 | IP | 端口 | Token | Tags |', '|------|-----|------|-------|------|'];
	for (const n of nodes) {
		const token = revealTokens ? n.token : maskToken(n.token);
		const extra = route ? ` ${n.scheme === 'wss' ? displayAddress(n) : ''} | ${n.ssh ?? ''} | ${n.tlsFingerprint ?? ''} | ${n.secretKind ?? 'token'} |` : '';
		out.push(`| ${n.name} | ${n.host} | ${n.port} | ${token} | ${n.tags.join(' ')} |${extra}`);
	}
	return out.join('\n') + '\n';
}

import {gatewayKey, type SecretKind} from '../core/route.js';
import {SettingsSchema, type NodeDraft, type NodeEntry, type Settings} from '../core/nodes.js';
import type {ParsedTable, ImportProblem} from '../core/markdown-table.js';
import {JsonFile} from './json-file.js';
import {openSecrets, type Secrets} from './secrets.js';
import {StoreError} from './errors.js';
import type {RoutingChange} from '../core/routing.js';

export type ImportReport = {
	added: string[];
	updated: string[];
	unchanged: string[];
	problems: ImportProblem[];
	warnings: ImportProblem[];
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const setKind = (sec: Secrets, name: string, kind: SecretKind | undefined) => {
	if (kind === 'password') sec.secretKinds[name] = kind;
	else delete sec.secretKinds[name];
};

/**
 * The node registry: names, hosts, ports and tags in settings.json (conf); tokens in
 * secrets.json (0600). Every change re-reads both files first, so a second mgw-tui (or a
 * script) writing meanwhile is not overwritten.
 */
export class Registry {
	readonly settingsFile: JsonFile<typeof SettingsSchema>;
	readonly secretsFile: ReturnType<typeof openSecrets>;

	constructor(readonly dir: string) {
		this.settingsFile = new JsonFile(dir, 'settings', SettingsSchema, 0o600);
		this.secretsFile = openSecrets(dir);
	}

	/** Cached per process until the file changes on disk; read-only (changes go through #change). */
	settings(): Readonly<Settings> {
		return this.settingsFile.load();
	}
	secrets(): Readonly<Secrets> {
		return this.secretsFile.load();
	}
	nodes(): readonly NodeEntry[] {
		return this.settings().nodes;
	}
	token(name: string): string | undefined {
		return this.secrets().tokens[name];
	}
	drafts(): NodeDraft[] {
		const {tokens, secretKinds} = this.secrets();
		return this.nodes().map(n => {
			const kind = secretKinds[n.name];
			return {...n, token: tokens[n.name] ?? '', ...(kind === 'password' ? {secretKind: kind} : {})};
		});
	}

	setNotify(n: Settings['notify']): void {
		const s = this.settings();
		this.settingsFile.save({...s, notify: n});
	}

	/** Apply a change to both files; settings are written first, tokens after. */
	#change(fn: (s: Settings, sec: Secrets) => void): void {
		const s = this.settingsFile.edit();
		const sec = this.secretsFile.edit();
		fn(s, sec);
		this.settingsFile.save(s);
		this.secretsFile.save(sec);
	}

	add(draft: NodeDraft): void {
		this.#change((s, sec) => {
			if (s.nodes.some(n => same(n.name, draft.name))) throw new StoreError(this.settingsFile.path, `a node named "${draft.name}" already exists`);
			const {token, secretKind, ...node} = draft;
			s.nodes.push(node);
			sec.tokens[node.name] = token;
			setKind(sec, node.name, secretKind);
		});
	}

	/** Pin a node's TLS certificate (SHA-256, normalised `AB:CD:…`). */
	trust(name: string, fingerprint: string): void {
		this.#change(s => {
			const n = s.nodes.find(x => x.name === name);
			if (!n) throw new StoreError(this.settingsFile.path, `no node named "${name}"`);
			if (n.scheme !== 'wss') throw new StoreError(this.settingsFile.path, `node "${name}" is not a wss:// node; a certificate pin applies to wss:// and https:// addresses only`);
			n.tlsFingerprint = fingerprint;
		});
	}

	/** Replace node `original`; an empty token keeps the stored one. */
	update(original: string, draft: NodeDraft): void {
		this.#change((s, sec) => {
			const i = s.nodes.findIndex(n => n.name === original);
			if (i === -1) throw new StoreError(this.settingsFile.path, `no node named "${original}"`);
			if (s.nodes.some((n, j) => j !== i && same(n.name, draft.name))) throw new StoreError(this.settingsFile.path, `a node named "${draft.name}" already exists`);
			const {token, secretKind, ...node} = draft;
			const old = s.nodes[i]!;
			s.nodes[i] = node;
			const keep = sec.tokens[original];
			delete sec.tokens[original];
			sec.tokens[node.name] = token || keep || '';
			delete sec.secretKinds[original];
			setKind(sec, node.name, secretKind);
			const dt = sec.deviceTokens[original];
			delete sec.deviceTokens[original];
			// A device token belongs to one gateway: keep it only while the node still points there.
			if (dt && gatewayKey(old) === gatewayKey(node)) sec.deviceTokens[node.name] = dt;
		});
	}

	remove(name: string): void {
		this.#change((s, sec) => {
			const before = s.nodes.length;
			s.nodes = s.nodes.filter(n => n.name !== name);
			if (s.nodes.length === before) throw new StoreError(this.settingsFile.path, `no node named "${name}"`);
			delete sec.tokens[name];
			delete sec.secretKinds[name];
			delete sec.deviceTokens[name];
		});
	}

	/** Import parsed table rows: new names are added, known names updated (matched case-insensitively). */
	import(table: ParsedTable): ImportReport {
		const report: ImportReport = {added: [], updated: [], unchanged: [], problems: [...table.problems], warnings: [...table.warnings]};
		this.#change((s, sec) => {
			for (const row of table.rows) {
				const i = s.nodes.findIndex(n => same(n.name, row.node.name));
				if (i === -1) {
					if (row.token === undefined) {
						report.problems.push({line: row.line, reason: `token of new node "${row.node.name}" is masked; put the full token in the file`});
						continue;
					}
					s.nodes.push(row.node);
					sec.tokens[row.node.name] = row.token;
					setKind(sec, row.node.name, row.secretKind);
					report.added.push(row.node.name);
					continue;
				}
				const old = s.nodes[i]!;
				const token = row.token ?? sec.tokens[old.name] ?? '';
				// A table without route columns (the guide's) keeps a known node's route while its address is the same.
				const {scheme, path, ssh, tlsFingerprint} = old;
				const kept = !row.routeColumns && old.host === row.node.host && old.port === row.node.port ? {scheme, path, ssh, tlsFingerprint} : {};
				const node = {...row.node, name: old.name, tags: row.node.tags.length ? row.node.tags : old.tags};
				for (const [k, v] of Object.entries(kept)) if (v !== undefined) (node as Record<string, unknown>)[k] = v;
				const kind = row.routeColumns ? row.secretKind : sec.secretKinds[old.name];
				const changed = JSON.stringify(old) !== JSON.stringify(node) || sec.tokens[old.name] !== token || (sec.secretKinds[old.name] ?? 'token') !== (kind ?? 'token');
				s.nodes[i] = node;
				sec.tokens[old.name] = token;
				setKind(sec, old.name, kind);
				if (gatewayKey(old) !== gatewayKey(node)) delete sec.deviceTokens[old.name];
				(changed ? report.updated : report.unchanged).push(old.name);
			}
		});
		return report;
	}

	/** Change a routing rule, the judge node or a node's concurrency limit; returns the routing settings now in force. */
	setRouting(change: RoutingChange): Settings['routing'] {
		const s = this.settings();
		if ('rule' in change) s.routing.rules[change.rule.level] = change.rule.target;
		else if ('judge' in change) {
			if (change.judge !== null && !s.nodes.some(n => n.name === change.judge)) throw new StoreError(this.settingsFile.path, `judge: no node named "${change.judge}"`);
			s.routing.judge = change.judge;
		} else {
			const n = s.nodes.find(x => x.name === change.limit.node);
			if (!n) throw new StoreError(this.settingsFile.path, `limit: no node named "${change.limit.node}"`);
			if (change.limit.max === undefined) delete n.maxConcurrent;
			else n.maxConcurrent = change.limit.max;
		}
		this.settingsFile.save(s);
		return s.routing;
	}

	markLocalOffered(): void {
		const s = this.settingsFile.edit();
		s.localOffered = true;
		this.settingsFile.save(s);
	}

	saveSecrets(fn: (sec: Secrets) => void): void {
		const sec = this.secretsFile.edit();
		fn(sec);
		this.secretsFile.save(sec);
	}
}

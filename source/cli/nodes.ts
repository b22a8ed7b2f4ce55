import fs from 'node:fs';
import {parseArgs} from 'node:util';
import {normalizeFingerprint, routeLabel, displayAddress} from '../core/route.js';
import {parseNodeTable, renderNodeTable} from '../core/markdown-table.js';
import {validateNode} from '../core/nodes.js';
import {maskToken} from '../core/mask.js';
import {fit} from '../core/width.js';
import {layoutColumns} from '../core/table-layout.js';
import {Registry} from '../store/registry.js';
import {storeDir} from '../store/paths.js';
import {EXIT, UsageError, println, readAll, type Io} from './io.js';
import {expandHome} from '../store/paths.js';

/** Print rows as an aligned text table (display-width aware). */
export function printTable(io: Io, titles: string[], rows: string[][]): void {
	const cols = titles.map((t, i) => ({key: String(i), title: t}));
	const data = rows.map(r => Object.fromEntries(r.map((c, i) => [String(i), c])));
	const laid = layoutColumns(cols, data, io.stdout.isTTY && io.stdout.columns ? Math.max(60, io.stdout.columns) : 100_000);
	println(io.stdout, laid.map(c => fit(c.spec.title, c.width)).join('  ').trimEnd());
	for (const d of data) println(io.stdout, laid.map(c => fit(d[c.spec.key] ?? '', c.width)).join('  ').trimEnd());
}

/** Ask for the token on a terminal without echoing it. */
function promptHidden(io: Io, question: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = io.stdin as NodeJS.ReadStream;
		io.stderr.write(question);
		let value = '';
		stdin.setRawMode?.(true);
		stdin.setEncoding('utf8');
		stdin.resume();
		const done = (err?: Error) => {
			stdin.off('data', onData);
			stdin.setRawMode?.(false);
			stdin.pause();
			io.stderr.write('\n');
			if (err) reject(err);
			else resolve(value.trim());
		};
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') return done();
				if (ch === '\u0003') return done(new UsageError('cancelled'));
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else if (ch >= ' ') value += ch;
			}
		};
		stdin.on('data', onData);
	});
}

async function readToken(io: Io, kind: 'token' | 'password' = 'token'): Promise<string> {
	if (io.env.MGW_TUI_TOKEN) return io.env.MGW_TUI_TOKEN.trim();
	if (io.stdin.isTTY) return promptHidden(io, `${kind === 'token' ? 'Token' : 'Password'} (gateway.auth.${kind} of that computer, not shown): `);
	return (await readAll(io.stdin)).split(/\r?\n/)[0]!.trim();
}

/** Field names as the command line knows them. */
const FLAG: Record<string, string> = {host: 'URL', port: 'URL', ssh: '--ssh', tls: '--tls-fingerprint', auth: '--password', tags: '--tag'};

function reportFieldErrors(io: Io, errors: Record<string, string | undefined>): number {
	for (const [f, m] of Object.entries(errors)) if (m) println(io.stderr, `mgw-tui: ${FLAG[f] ?? f}: ${m}`);
	return EXIT.failure;
}

export async function nodesCommand(args: string[], io: Io): Promise<number> {
	const [sub, ...rest] = args;
	if (rest.some(a => /^--(token|password)=/.test(a) || a === '--token')) {
		throw new UsageError('tokens and passwords are never taken from the command line (ps shows them); pipe it on stdin or set MGW_TUI_TOKEN');
	}
	const reg = () => new Registry(storeDir(io.env));
	switch (sub) {
		case 'list': {
			const {values} = parseArgs({args: rest, options: {json: {type: 'boolean'}}, strict: true});
			const nodes = reg().drafts();
			if (values.json) {
				println(io.stdout, JSON.stringify(nodes.map(({token, ...n}) => ({...n, route: routeLabel(n), url: displayAddress(n), secretKind: n.secretKind ?? 'token', token: maskToken(token)})), null, 2));
			} else if (nodes.length === 0) {
				println(io.stdout, 'no nodes; add one with: mgw-tui nodes add NAME HOST[:PORT] (token on stdin), or mgw-tui nodes import FILE');
			} else {
				// the ROUTE column only when some node is reached another way than plain ws (the guide's table stays as it was)
				const routed = nodes.some(n => n.scheme === 'wss' || n.ssh || n.secretKind === 'password');
				const cells = (n: (typeof nodes)[number]) => [n.name, n.host, String(n.port), ...(routed ? [routeLabel(n)] : []), (n.secretKind === 'password' ? 'pw ' : '') + maskToken(n.token), n.tags.join(' ')];
				printTable(io, ['名称 NAME', 'IP / HOST', 'PORT', ...(routed ? ['ROUTE'] : []), 'TOKEN', 'TAGS'], nodes.map(cells));
			}
			return EXIT.ok;
		}
		case 'add': {
			const {values, positionals} = parseArgs({
				args: rest,
				options: {tag: {type: 'string', multiple: true}, ssh: {type: 'string'}, 'tls-fingerprint': {type: 'string'}, password: {type: 'boolean'}},
				allowPositionals: true,
				strict: true,
			});
			if (positionals.length !== 2) throw new UsageError('nodes add needs NAME and URL (or HOST[:PORT])');
			const r = reg();
			const others = r.nodes().map(n => n.name);
			const input = {name: positionals[0]!, host: positionals[1]!, port: '', tags: (values.tag ?? []).join(' '), ssh: values.ssh, tls: values['tls-fingerprint'], auth: values.password ? 'password' : 'token'};
			// check everything but the secret first, so a bad URL is reported before asking for it
			const pre = validateNode({...input, token: 'x'}, others);
			if (!pre.ok) {
				const argv = Object.entries(pre.errors).filter(([f]) => f !== 'name' && f !== 'tags');
				if (argv.length) throw new UsageError(argv.map(([f, m]) => `${FLAG[f] ?? f}: ${m}`).join('; '));
				return reportFieldErrors(io, pre.errors);
			}
			const kind = values.password ? 'password' : 'token';
			const token = await readToken(io, kind);
			const res = validateNode({...input, token}, others);
			if (!res.ok) return reportFieldErrors(io, res.errors);
			r.add(res.value);
			const v = res.value;
			const via = v.ssh ? ` via ssh ${v.ssh}` : '';
			const pin = v.tlsFingerprint ? ` pinned ${v.tlsFingerprint}` : '';
			println(io.stdout, `added ${v.name} ${v.scheme === 'wss' ? displayAddress(v) : `${v.host}:${v.port}`}${via}${pin} ${kind} ${maskToken(token)}`);
			return EXIT.ok;
		}
		case 'trust': {
			const {positionals} = parseArgs({args: rest, allowPositionals: true, strict: true});
			if (positionals.length !== 2) throw new UsageError('nodes trust needs NAME and SHA256 (the certificate fingerprint)');
			const fp = normalizeFingerprint(positionals[1]!);
			if (typeof fp !== 'string') throw new UsageError(`SHA256: ${fp.error}`);
			reg().trust(positionals[0]!, fp);
			println(io.stdout, `pinned ${positionals[0]} to certificate SHA-256 ${fp}`);
			return EXIT.ok;
		}
		case 'remove': {
			const {positionals} = parseArgs({args: rest, allowPositionals: true, strict: true});
			if (positionals.length !== 1) throw new UsageError('nodes remove needs NAME');
			reg().remove(positionals[0]!);
			println(io.stdout, `removed ${positionals[0]}`);
			return EXIT.ok;
		}
		case 'import': {
			const {positionals} = parseArgs({args: rest, allowPositionals: true, strict: true});
			if (positionals.length !== 1) throw new UsageError('nodes import needs FILE');
			const file = expandHome(positionals[0]!, io.env);
			let text: string;
			try {
				text = fs.readFileSync(file, 'utf8');
			} catch (e) {
				println(io.stderr, `mgw-tui: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
				return EXIT.failure;
			}
			const table = parseNodeTable(text);
			if (table.tables === 0) {
				println(io.stderr, `mgw-tui: ${file}: no node table found (a markdown table with headers 名称|IP|端口|Token or name|host|port|token)`);
				return EXIT.failure;
			}
			const rep = reg().import(table);
			for (const p of rep.problems) println(io.stderr, `${file}:${p.line}: skipped: ${p.reason}`);
			for (const p of rep.warnings) println(io.stderr, `${file}:${p.line}: warning: ${p.reason}`);
			println(io.stdout, `imported ${file}: ${rep.added.length} added, ${rep.updated.length} updated, ${rep.unchanged.length} unchanged, ${rep.problems.length} skipped`);
			return rep.problems.length ? EXIT.failure : EXIT.ok;
		}
		case 'export': {
			const {values} = parseArgs({args: rest, options: {'reveal-tokens': {type: 'boolean'}}, strict: true});
			io.stdout.write(renderNodeTable(reg().drafts(), {revealTokens: values['reveal-tokens']}));
			return EXIT.ok;
		}
		default:
			throw new UsageError(sub ? `unknown nodes subcommand "${sub}"` : 'nodes needs a subcommand');
	}
}

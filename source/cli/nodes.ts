import fs from 'node:fs';
import {parseArgs} from 'node:util';
import {parseHostPort} from '../core/address.js';
import {parseNodeTable, renderNodeTable} from '../core/markdown-table.js';
import {validateNode} from '../core/nodes.js';
import {maskToken} from '../core/mask.js';
import {fit} from '../core/width.js';
import {layoutColumns} from '../core/table-layout.js';
import {Registry} from '../store/registry.js';
import {storeDir} from '../store/paths.js';
import {EXIT, UsageError, println, readAll, type Io} from './io.js';
import {expandHome} from '../store/paths.js';

export const NODES_USAGE = `usage:
  mgw-tui nodes list [--json]
  mgw-tui nodes add NAME HOST[:PORT] [--tag T]…    token on stdin or in MGW_TUI_TOKEN
  mgw-tui nodes remove NAME
  mgw-tui nodes import FILE                         markdown table: 名称|IP|端口|Token (or name|host|port|token)
  mgw-tui nodes export [--reveal-tokens]`;

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

async function readToken(io: Io): Promise<string> {
	if (io.env.MGW_TUI_TOKEN) return io.env.MGW_TUI_TOKEN.trim();
	if (io.stdin.isTTY) return promptHidden(io, 'Token (gateway.auth.token of that computer, not shown): ');
	return (await readAll(io.stdin)).split(/\r?\n/)[0]!.trim();
}

export async function nodesCommand(args: string[], io: Io): Promise<number> {
	const [sub, ...rest] = args;
	if (rest.some(a => a === '--token' || a.startsWith('--token='))) {
		throw new UsageError('tokens are never taken from the command line (ps shows it); pipe it on stdin or set MGW_TUI_TOKEN');
	}
	const reg = () => new Registry(storeDir(io.env));
	switch (sub) {
		case 'list': {
			const {values} = parseArgs({args: rest, options: {json: {type: 'boolean'}}, strict: true});
			const nodes = reg().drafts();
			if (values.json) {
				println(io.stdout, JSON.stringify(nodes.map(({token, ...n}) => ({...n, token: maskToken(token)})), null, 2));
			} else if (nodes.length === 0) {
				println(io.stdout, 'no nodes; add one with: mgw-tui nodes add NAME HOST[:PORT] (token on stdin), or mgw-tui nodes import FILE');
			} else {
				printTable(io, ['名称 NAME', 'IP / HOST', 'PORT', 'TOKEN', 'TAGS'], nodes.map(n => [n.name, n.host, String(n.port), maskToken(n.token), n.tags.join(' ')]));
			}
			return EXIT.ok;
		}
		case 'add': {
			const {values, positionals} = parseArgs({args: rest, options: {tag: {type: 'string', multiple: true}}, allowPositionals: true, strict: true});
			if (positionals.length !== 2) throw new UsageError('nodes add needs NAME and HOST[:PORT]');
			const hp = parseHostPort(positionals[1]!);
			if ('error' in hp) throw new UsageError(`HOST: ${hp.error}`);
			const token = await readToken(io);
			const r = reg();
			const res = validateNode(
				{name: positionals[0]!, host: hp.host, port: String(hp.port ?? ''), token, tags: (values.tag ?? []).join(' ')},
				r.nodes().map(n => n.name),
			);
			if (!res.ok) {
				for (const [f, m] of Object.entries(res.errors)) println(io.stderr, `mgw-tui: ${f}: ${m}`);
				return EXIT.failure;
			}
			r.add(res.value);
			println(io.stdout, `added ${res.value.name} ${res.value.host}:${res.value.port} token ${maskToken(token)}`);
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

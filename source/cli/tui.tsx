import React from 'react';
import {render} from 'ink';
import {App} from '../ui/App.js';
import type {Services} from '../ui/services.js';
import {Registry} from '../store/registry.js';
import {expandHome, storeDir} from '../store/paths.js';
import {parseNodeTable} from '../core/markdown-table.js';
import {parseBatch} from '../core/batch.js';
import {readLocalGateway} from '../store/openclaw-paths.js';
import {StoreError} from '../store/errors.js';
import fs from 'node:fs';
import {ReadStream as TtyReadStream} from 'node:tty';
import type {Io} from './io.js';


/** A file the person named (`~/` expanded): its text, or a StoreError naming the file. */
function readUserFile(typed: string, env: NodeJS.ProcessEnv): {file: string; text: string} {
	const file = expandHome(typed, env);
	try {
		return {file, text: fs.readFileSync(file, 'utf8')};
	} catch (e) {
		throw new StoreError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
	}
}

export type TuiOptions = {readonly: boolean; noColor: boolean; profile?: string};

export function buildServices(registry: Registry, env: NodeJS.ProcessEnv): Services {
	const settings = registry.settings();
	registry.secrets(); // fail early on a broken secrets file
	const local = !settings.localOffered ? readLocalGateway(env) : undefined;
	const offer = local && !settings.nodes.some(n => n.name === 'local' || ((n.host === '127.0.0.1' || n.host === 'localhost') && n.port === local.port)) ? local : undefined;
	return {
		settings: {notify: () => registry.settings().notify, setNotify: n => registry.setNotify(n)},
		loadNodes: () => registry.drafts(),
		addNode: d => registry.add(d),
		updateNode: (o, d) => registry.update(o, d),
		removeNode: n => registry.remove(n),
		trustNode: (n, fp) => registry.trust(n, fp),
		importFile: typed => {
			const {file, text} = readUserFile(typed, env);
			const table = parseNodeTable(text);
			if (table.tables === 0) throw new StoreError(file, 'no node table found (headers 名称|IP|端口|Token or name|host|port|token)');
			return registry.import(table);
		},
		readBatch: typed => {
			const {text} = readUserFile(typed, env);
			return {file: typed, ...parseBatch(text)};
		},
		setRouting: change => registry.setRouting(change),
		localOffer: offer,
		localAnswered: () => registry.markLocalOffered(),
		terminal: {tmux: Boolean(env.TMUX), term: env.TERM, termProgram: env.TERM_PROGRAM},
	};
}

/**
 * How the console renders: our own key handling for Ctrl-C, frames at most 8 ms apart (a key
 * or a task's first delta right after another change waits at most that long; floods are
 * slowed by the coalescing in ui/hooks, not here), and only the lines that changed (Ink's
 * incremental renderer, with patches/ink+6.8.0.patch fixing its one-row offset).
 */
export const RENDER_OPTIONS = {exitOnCtrlC: false, patchConsole: false, maxFps: 120, incrementalRendering: true} as const;

const ALT_ON = '\u001b[?1049h';
const ALT_OFF = '\u001b[?1049l';
/** Bracketed paste: the terminal marks pasted text (ESC[200~ … ESC[201~), so a paste is never taken as keys. */
export const PASTE_ON = '\u001b[?2004h';
export const PASTE_OFF = '\u001b[?2004l';
/** What the console turns on in the terminal, and how it is undone (exit, crash, suspend). */
export const TERMINAL_ON = ALT_ON + PASTE_ON;
export const TERMINAL_OFF = PASTE_OFF + '\u001b[?25h' + ALT_OFF;

/** Run the console on the alternate screen; the terminal is restored on every way out. */
export async function runTui(opts: TuiOptions, io: Io): Promise<number> {
	if (!io.stdout.isTTY || !io.stdin.isTTY) {
		io.stderr.write('mgw-tui: the console needs a terminal (stdin and stdout); for scripts use: mgw-tui status | dispatch | nodes | config (see --help)\n');
		return 2;
	}
	const registry = new Registry(storeDir(io.env));
	const base = buildServices(registry, io.env);
	// Suspended: the terminal is given back as it was (screen, bracketed paste, cooked mode), then
	// the process stops; on SIGCONT (the shell's fg) it is taken again and redrawn.
	const stdin = io.stdin as NodeJS.ReadStream;
	const leave = () => {
		io.stdout.write(TERMINAL_OFF);
		if (stdin.isTTY) stdin.setRawMode(false);
	};
	// kill -TSTP, or a shell's job control: stop this process.
	const suspend = () => {
		leave();
		process.kill(process.pid, 'SIGSTOP');
	};
	// Ctrl-Z in raw mode (the terminal sends no SIGTSTP then): stop the whole process group, as the
	// terminal's own Ctrl-Z would, so a wrapper (npx, npm start, a script) stops too and the shell
	// gets its prompt back; its fg continues the group.
	const suspendJob = () => {
		leave();
		process.kill(0, 'SIGSTOP');
	};
	const resume = () => {
		if (stdin.isTTY) stdin.setRawMode(true);
		io.stdout.write(TERMINAL_ON + '\u001b[2J\u001b[H');
		// Ink redraws everything only after the terminal got narrower: tell it so, then the real width.
		const out = io.stdout as NodeJS.WriteStream;
		const cols = out.columns;
		out.columns = Math.max(1, cols - 1);
		out.emit('resize');
		out.columns = cols;
		out.emit('resize');
	};
	const local: Services = {
		...base,
		// only for a real terminal: a stand-in (a test's fake stdin) has no job to stop
		suspend: stdin instanceof TtyReadStream ? suspendJob : undefined,
	};
	const tty = Boolean(io.stdout.isTTY);
	let restored = false;
	const restore = () => {
		if (restored || !tty) return;
		restored = true;
		io.stdout.write(TERMINAL_OFF);
	};
	if (tty) io.stdout.write(TERMINAL_ON);
	// 'exit' also runs after an uncaught exception: the terminal gets bracketed paste and the screen back.
	process.once('exit', restore);
	let net: {stop(): Promise<void>} | undefined;
	try {
		const app = render(<App services={local} readonly={opts.readonly} noColor={opts.noColor} />, {
			stdout: io.stdout as NodeJS.WriteStream,
			stdin: io.stdin as NodeJS.ReadStream,
			...RENDER_OPTIONS,
		});
		let exited = false;
		const exit = app.waitUntilExit().finally(() => (exited = true));
		// SSH dropped (SIGHUP) or asked to stop: leave cleanly; unfinished tasks are re-attached next start.
		const stop = () => app.unmount();
		for (const sig of ['SIGHUP', 'SIGTERM'] as const) process.on(sig, stop);
		process.on('SIGTSTP', suspend);
		process.on('SIGCONT', resume);
		// The first frame is on screen; now the network side (see tui-net.ts), then the same App
		// with it — unless the person already quit (a rerender would mount the App again).
		const {startNet} = await import('./tui-net.js');
		if (!exited) {
			const started = startNet(registry, io, {readonly: opts.readonly, profile: opts.profile, tmux: Boolean(base.terminal?.tmux)});
			net = started;
			app.rerender(<App services={{...local, ...started.services}} readonly={opts.readonly} noColor={opts.noColor} />);
		}
		await exit;
		for (const sig of ['SIGHUP', 'SIGTERM'] as const) process.off(sig, stop);
		process.off('SIGTSTP', suspend);
		process.off('SIGCONT', resume);
	} finally {
		await net?.stop();
		restore();
	}
	return 0;
}

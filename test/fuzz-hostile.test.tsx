import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import React from 'react';
import {render} from 'ink';
import xterm from '@xterm/headless';
import {App} from '../source/ui/App.js';
import {RENDER_OPTIONS} from '../source/cli/tui.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startHostileGateway} from '../source/net/test-gateway/hostile.js';
import {isClean} from '../source/core/sanitize.js';
import {Registry} from '../source/store/registry.js';
import {FakeStdin, KEY} from './helpers/render-at.js';
import {tempStore, tempDir} from './helpers/store.js';
import {runCli} from './helpers/cli.js';
import {waitFor} from './helpers/wait.js';

const delay = (ms: number) => new Promise(r => setTimeout(r, ms));
const SEED = Number(process.env.MGW_FUZZ_SEED ?? 15_2026);
const SECONDS = Number(process.env.MGW_FUZZ_SECONDS ?? 4);
const cleanup: (() => unknown)[] = [];
after(async () => {
	// every cleanup runs, even when one throws (a hostile gateway left running keeps the process alive)
	for (const c of cleanup.reverse()) await Promise.resolve().then(c).catch(e => console.error('cleanup:', e));
	// Under a saturated CPU a handle has been seen to stay open after every cleanup (not found yet):
	// say what is still open, and end the file instead of hanging the suite.
	setTimeout(() => {
		console.error('fuzz-hostile: still open after cleanup:', process.getActiveResourcesInfo().join(', '));
		process.exit(process.exitCode ?? 0);
	}, 5000).unref();
});
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMiB = () => (gc(), gc(), process.memoryUsage().heapUsed / 2 ** 20);

// The console's own output: SGR and cursor/erase CSI sequences, cursor show/hide, CR/LF.
const OWN = /\u001b\[[0-9;?]*[A-Za-z]|\r|\n/g;
/** Raw terminal bytes: after the console's own sequences are removed, nothing that a terminal acts on is left. */
function assertCleanBytes(raw: string, what: string): void {
	const rest = raw.replace(OWN, '');
	const bad = rest.search(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]/);
	assert.equal(bad, -1, `${what}: unclean byte ${JSON.stringify(rest.slice(Math.max(0, bad - 20), bad + 20))}`);
	assert.ok(isClean(rest), `${what}: lone surrogate or invisible formatting`);
}

test(`fuzz (seed ${SEED}): a hostile gateway's random, malformed, oversized, out-of-order, escape-laden frames never reach the terminal`, async () => {
	const hostile = await startHostileGateway({seed: SEED, ratePerSec: 300});
	cleanup.push(() => hostile.stop());
	const term = new xterm.Terminal({cols: 80, rows: 24, allowProposedApi: true});
	// anything the terminal would act on besides drawing: OSC (title, clipboard, links), bell
	const acted: string[] = [];
	for (const osc of [0, 1, 2, 4, 7, 8, 10, 11, 12, 52, 104, 777]) term.parser.registerOscHandler(osc, d => (acted.push(`OSC ${osc} ${d.slice(0, 30)}`), true));
	term.parser.registerDcsHandler({final: 'q'}, () => (acted.push('DCS'), true));
	term.onBell(() => acted.push('BEL'));
	term.onTitleChange(t => acted.push(`title ${t}`));
	let raw = '';
	const stdout = Object.assign(new EventEmitter(), {isTTY: true, columns: 80, rows: 24, write: (s: string) => ((raw += s), term.write(s), true)});
	const stdin = new FakeStdin();
	const s = tempStore();
	s.registry.markLocalOffered();
	s.registry.add({name: 'evil', host: '127.0.0.1', port: hostile.gw.port, token: 'test-token', tags: []});
	const fleet = new Fleet(memoryCredentials(), {version: 't', pollMs: 300, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}});
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes(), {acceptTimeoutMs: 1000});
	const app = render(<App services={{...s.services(), fleet, dispatcher}} />, {stdout: stdout as never, stdin: stdin as never, ...RENDER_OPTIONS});
	cleanup.push(() => app.unmount());
	await waitFor(() => hostile.sent > 50, {what: 'the flood under way', timeoutMs: 10_000});
	const heap0 = heapMiB();
	const end = Date.now() + SECONDS * 1000;
	// a person at the keyboard meanwhile: panes, task view, node detail, a dispatch
	const keys = ['2', KEY.down, KEY.enter, KEY.esc, KEY.up, KEY.enter, KEY.down, KEY.esc, '1', KEY.enter, KEY.esc, '3', '2', 'f', 'd', 'h', 'i', KEY.enter, KEY.esc];
	for (let k = 0; Date.now() < end; k++) {
		stdin.write(keys[k % keys.length]!);
		await delay(60);
	}
	const heap1 = heapMiB();
	assert.ok(hostile.sent > SECONDS * 30, `sent ${hostile.sent} frames`);
	await delay(300);
	await new Promise<void>(r => term.write('', r));
	app.unmount();
	await fleet.stop();
	await hostile.stop();
	assert.deepEqual(acted, [], 'the terminal acted on something a gateway sent');
	assertCleanBytes(raw, 'console output');
	const b = term.buffer.active;
	const screen = Array.from({length: 24}, (_, i) => b.getLine(b.viewportY + i)!.translateToString(true));
	assert.ok(screen.some(l => l.includes('mgw-tui')), screen.join('\n'));
	assert.ok(heap1 - heap0 < 60, `heap ${heap0.toFixed(0)} → ${heap1.toFixed(0)} MiB during the flood`);
	assert.ok(dispatcher.state.tasks.size <= 500 && dispatcher.state.log.size <= 5000);
});

test(`fuzz (seed ${SEED}): status --json and dispatch --json against the hostile gateway end by themselves with clean output`, async () => {
	const hostile = await startHostileGateway({seed: SEED + 7, ratePerSec: 300});
	cleanup.push(() => hostile.stop());
	const dir = tempDir();
	new Registry(dir).add({name: 'evil', host: '127.0.0.1', port: hostile.gw.port, token: 'test-token', tags: []});
	const env = {MGW_TUI_HOME: dir};
	for (let round = 0; round < 3; round++) {
		const status = await runCli(['status', '--json', '--timeout', '2000'], {env});
		assertCleanBytes(status.stdout + status.stderr, 'status --json');
		for (const row of JSON.parse(status.stdout) as Record<string, unknown>[]) for (const v of Object.values(row)) if (typeof v === 'string') assert.ok(isClean(v));
		let timer: ReturnType<typeof setTimeout> | undefined;
		const d = await Promise.race([
			runCli(['dispatch', '--json', '--node', 'evil', '--accept-timeout', '1000', '--lost-after', '2000', `task ${round}`], {env}),
			new Promise<undefined>(r => {
				timer = setTimeout(() => r(undefined), 30_000);
			}),
		]);
		clearTimeout(timer);
		assert.ok(d, 'dispatch ended by itself');
		assertCleanBytes(d.stdout + d.stderr, 'dispatch --json');
		const lines = d.stdout.trim().split('\n').filter(Boolean);
		assert.ok(lines.length >= 1, d.stderr);
		for (const l of lines) JSON.parse(l);
		assert.ok(['final', 'error'].includes(JSON.parse(lines.at(-1)!).event), lines.at(-1));
	}
	await hostile.stop();
});

import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import React from 'react';
import {render} from 'ink';
import xterm from '@xterm/headless';
import {App} from '../source/ui/App.js';
import {RENDER_OPTIONS} from '../source/cli/tui.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {FakeStdin, KEY} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup.reverse()) await c();
});

/**
 * What a person sees: the console's real output (not Ink's debug frames) fed into a terminal
 * emulator at 80×24, with live updates from a gateway, then the emulator's screen is read.
 */
test('the terminal shows exactly one consistent screen after many incremental updates (80×24, xterm)', async () => {
	const term = new xterm.Terminal({cols: 80, rows: 24, allowProposedApi: true, convertEol: true});
	let writes = 0;
	const stdout = Object.assign(new EventEmitter(), {isTTY: true, columns: 80, rows: 24, write: (s: string) => (writes++, stdout.emit('written'), term.write(s), true)});
	const stdin = new FakeStdin();
	const gw = await startTestGateway({deltaDelayMs: 30});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.markLocalOffered();
	s.registry.add({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: ['gpu']});
	s.registry.add({name: '书房笔记本', host: '127.0.0.1', port: gw.port, token: 'wrong-token-1234', tags: []});
	const fleet = new Fleet(memoryCredentials(), {version: 't', pollMs: 300, slowMs: 60_000, backoff: {baseMs: 50, maxMs: 200}, authRetryMs: 300});
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
	const app = render(<App services={{...s.services(), fleet, dispatcher}} />, {stdout: stdout as never, stdin: stdin as never, ...RENDER_OPTIONS});
	cleanup.push(() => app.unmount());
	const screen = async () => {
		await new Promise<void>(r => term.write('', r));
		const b = term.buffer.active;
		return Array.from({length: 24}, (_, i) => b.getLine(b.viewportY + i)!.translateToString(true));
	};
	// Every key here changes the screen: wait for the (throttled) renderer's next write, not for time.
	const press = async (...keys: string[]) => {
		for (const k of keys) {
			const n = writes;
			const written = new Promise<void>(resolve => {
				const check = () => {
					if (writes > n) {
						stdout.off('written', check);
						resolve();
					}
				};
				stdout.on('written', check);
			});
			stdin.write(k);
			await written;
		}
	};
	await waitFor(async () => (await screen()).some(l => /● online\s+AI电脑/.test(l)), {what: 'online on the terminal'});
	for (const k of ['2', '3', '1', KEY.tab, KEY.tab, '?', KEY.esc, '1']) await press(k);
	await press('d');
	for (const ch of 'hello there') await press(ch);
	await press(KEY.enter);
	await waitFor(async () => (await screen()).some(l => /✔ done/.test(l)), {what: 'done on the terminal', timeoutMs: 30_000});
	await press('1', KEY.down, KEY.up, '2');
	await waitFor(async () => (await screen()).some(l => l.includes('▶ 2 Task log')), {what: 'log focused on the terminal'});
	const rows = await screen();
	const text = rows.join('\n');
	assert.match(rows[0]!, /^ mgw-tui · 2 nodes · 1 online/, text);
	for (const title of ['1 Nodes', '2 Task log', '3 Config']) assert.equal(rows.filter(r => r.includes(title)).length, 1, `${title} once:\n${text}`);
	assert.equal(rows.filter(r => /done: hello there/.test(r)).length, 1, `answer once:\n${text}`);
	assert.equal(rows.filter(r => /mgw-tui · /.test(r)).length, 1, `header once:\n${text}`);
	assert.match(rows[22]!, /\? help/, `footer on the last line of the frame:\n${text}`);
	assert.equal(rows[23]!.trim(), '', 'the bottom row stays free (no full-screen rewrite)');
	// every box-drawing top border is closed by a bottom border below it, in order
	const tops = rows.flatMap((r, i) => (/^[┌╔]/.test(r) ? [i] : []));
	const bottoms = rows.flatMap((r, i) => (/^[└╚]/.test(r) ? [i] : []));
	assert.equal(tops.length, 3, text);
	assert.deepEqual(bottoms.length, 3, text);
	tops.forEach((t, i) => assert.ok(t < bottoms[i]! && (i === 0 || tops[i]! > bottoms[i - 1]!), text));
});

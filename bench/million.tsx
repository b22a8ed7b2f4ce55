/** Child process: the console at 80×24 after 1 000 000 log lines; prints its RSS in MiB. */
import {EventEmitter} from 'node:events';
import React from 'react';
import {render} from 'ink';
import {App} from '../source/ui/App.js';
import {applyTaskEvent, emptyTasks} from '../source/core/tasks.js';
import type {DispatcherPort, FleetPort} from '../source/ui/services.js';
import {tempStore} from '../test/helpers/store.js';
import {FakeStdin} from '../test/helpers/render-at.js';

const state = emptyTasks();
const dispatcher = Object.assign(new EventEmitter(), {state, dispatch: async () => ({ok: false, reason: '', noEligible: true}), cancel: async () => undefined, agents: async () => ({ids: []}), candidates: () => []}) as unknown as DispatcherPort;
const fleet = Object.assign(new EventEmitter(), {sync() {}, statuses: () => ({}), reconnect() {}, detail: async () => ({errors: []})}) as unknown as FleetPort;
const s = tempStore();
s.registry.markLocalOffered();
for (let i = 0; i < 10; i++) s.registry.add({name: `node-${i}`, host: '127.0.0.1', port: 1, token: 'test-token', tags: []});
const stdout = Object.assign(new EventEmitter(), {isTTY: true, columns: 80, rows: 24, write: () => true});
const app = render(<App services={{...s.services(), fleet, dispatcher}} />, {stdout: stdout as never, stdin: new FakeStdin() as never, exitOnCtrlC: false, patchConsole: false, maxFps: 60, incrementalRendering: true});
const total = Number(process.argv[2] ?? 1_000_000);
const mu = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
process.stderr.write(`start ${JSON.stringify(mu())}\n`);
let seq = 0;
for (let i = 0; i < total; i++) {
	const run = `r${Math.floor(i / 200)}`;
	const node = `node-${i % 10}`;
	applyTaskEvent(state, {type: 'agent', node, payload: {runId: run + node, seq: ++seq, stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: `t${i}`, args: {command: `step ${i} 训练`}}}, at: Date.now()});
	if (i % 20_000 === 0) {
		(dispatcher as unknown as EventEmitter).emit('change');
		await new Promise(r => setTimeout(r, 5));
	}
}
(dispatcher as unknown as EventEmitter).emit('change');
await new Promise(r => setTimeout(r, 300));
(globalThis as {gc?: () => void}).gc?.();
await new Promise(r => setTimeout(r, 100));
process.stderr.write(`end ${JSON.stringify(mu())}\n`);
process.stdout.write(JSON.stringify({lines: state.log.nextSeq, rssMiB: process.memoryUsage().rss / 2 ** 20, heapMiB: process.memoryUsage().heapUsed / 2 ** 20}) + '\n');
app.unmount();
process.exit(0);

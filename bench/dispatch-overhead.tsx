import {spawn} from 'node:child_process';
import {EventEmitter} from 'node:events';
import path from 'node:path';
import crypto from 'node:crypto';
import {fileURLToPath} from 'node:url';
import React from 'react';
import {render} from 'ink';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startRealGateway} from '../test/real/gateway.js';
import {tempStore} from '../test/helpers/store.js';
import {FakeStdin} from '../test/helpers/render-at.js';
import {median, type Budget} from './lib.js';
import {shortId} from '../source/core/tasks.js';
import {RENDER_OPTIONS} from '../source/cli/tui.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();

/**
 * 5. accepted → first delta on screen vs a raw ws client on the same real gateway. Both
 * clients watch every run (runs are sent alternately by each); per run the overhead is
 * "first delta on our screen" − "first delta received by the raw client".
 */
export async function dispatchOverhead(runs = 8): Promise<Budget[]> {
	const gw = await startRealGateway();
	const child = spawn(process.execPath, [path.join(HERE, 'raw-client.js'), gw.url, gw.token], {stdio: ['pipe', 'pipe', 'inherit']});
	const raw = new EventEmitter();
	let buf = '';
	child.stdout.on('data', d => {
		buf += d;
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			raw.emit('msg', JSON.parse(buf.slice(0, i)));
			buf = buf.slice(i + 1);
		}
	});
	try {
		await new Promise(r => raw.once('msg', r));
		const s = tempStore();
		s.registry.markLocalOffered();
		s.registry.add({name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token, tags: []});
		const fleet = new Fleet(memoryCredentials(), {version: 'bench', pollMs: 10_000});
		const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
		const screen = new EventEmitter();
		const stdout = Object.assign(new EventEmitter(), {isTTY: true, columns: 80, rows: 24, write: (t: string) => (screen.emit('write', t, now()), true)});
		const app = render(<App services={{...s.services(), fleet, dispatcher}} />, {stdout: stdout as never, stdin: new FakeStdin() as never, ...RENDER_OPTIONS});
		while (fleet.statuses().real?.state !== 'online') await new Promise(r => setTimeout(r, 50));
		const overheads: number[] = [];
		const pipeline: number[] = [];
		const firstEvent = new Map<string, number>();
		fleet.on('event', (_n: string, ev: {event: string; payload?: {runId?: string; stream?: string}}) => {
			const id = ev.payload?.runId;
			if (ev.event === 'agent' && ev.payload?.stream === 'assistant' && id && !firstEvent.has(id)) firstEvent.set(id, now());
		});
		const ourAccToDelta: number[] = [];
		const rawAccToDelta: number[] = [];
		for (let i = 0; i < runs; i++) {
			const ours = i % 2 === 0;
			let id = `mgw-${crypto.randomUUID()}`;
			const rawFirst = new Promise<{firstDeltaAt: number; runId: string}>(resolve => {
				const on = (m: {runId?: string; firstDeltaAt?: number}) => {
					if (m.firstDeltaAt && (ours ? m.runId?.startsWith('mgw-') : m.runId === id)) {
						raw.off('msg', on);
						resolve(m as {firstDeltaAt: number; runId: string});
					}
				};
				raw.on('msg', on);
			});
			// the run's own text line ("#abc123 done:"), so lines of earlier runs never match
			const screenId = () => shortId(id);
			const onScreen = new Promise<number>(resolve => {
				const on = (t: string, at: number) => {
					if (t.includes(`${screenId()} done:`)) {
						screen.off('write', on);
						resolve(at);
					}
				};
				screen.on('write', on);
			});
			let acceptedAt = 0;
			if (ours) {
				const onAcc = (ev: {type: string}) => {
					if (ev.type === 'accepted') {
						acceptedAt = now();
						dispatcher.off('change', onAcc);
					}
				};
				dispatcher.on('change', onAcc);
				const r = await dispatcher.dispatch({message: 'hello', target: {kind: 'node', name: 'real'}});
				if (!r.ok) throw new Error(r.reason);
				id = r.ids[0]!;
			} else {
				const acc = new Promise<number>(resolve => {
					const on = (m: {runId?: string; acceptedAt?: number}) => {
						if (m.acceptedAt && m.runId === id) {
							raw.off('msg', on);
							resolve(m.acceptedAt);
						}
					};
					raw.on('msg', on);
				});
				child.stdin.write(`send ${id}\n`);
				acceptedAt = await acc;
			}
			const [rf, sc] = await Promise.all([rawFirst, onScreen]);
			overheads.push(sc - rf.firstDeltaAt);
			const fe = firstEvent.get(id) ?? firstEvent.get(rf.runId);
			if (fe) pipeline.push(sc - fe);
			(ours ? ourAccToDelta : rawAccToDelta).push((ours ? sc : rf.firstDeltaAt) - acceptedAt);
			// let the run finish before the next one
			while ([...dispatcher.state.tasks.values()].some(t => ['sending', 'running'].includes(t.state) && !t.external)) await new Promise(r => setTimeout(r, 50));
			await new Promise(r => setTimeout(r, 300));
		}
		app.unmount();
		void fleet.stop();
		// Judged on the same run seen by both clients (first delta on our screen − its receipt by the
		// raw client): gateway noise between runs cancels out. The medians of accepted → first delta
		// over alternating runs are reported alongside, not judged (they differ by gateway noise).
		const diff = median(ourAccToDelta) - median(rawAccToDelta);
		const same = median(overheads);
		const sign = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
		return [
			{
				name: 'dispatch: first delta, ours on screen vs raw ws client, same run',
				measured: `${sign(same)} ms (our receive→screen ${median(pipeline).toFixed(1)} ms; alternating runs, accepted → first delta: ${sign(diff)} ms, medians ${median(ourAccToDelta).toFixed(0)} vs ${median(rawAccToDelta).toFixed(0)} ms)`,
				budget: '≤ +15 ms',
				pass: same <= 15,
				details: {oursMs: ourAccToDelta.map(Math.round), rawMs: rawAccToDelta.map(Math.round), sameRunMs: overheads.map(x => Math.round(x * 10) / 10), receiveToScreenMs: pipeline.map(x => Math.round(x * 10) / 10)},
			},
		];
	} finally {
		child.kill();
		await gw.stop();
	}
}

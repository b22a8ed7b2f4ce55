import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
import {EventEmitter} from 'node:events';
import React from 'react';
import {render} from 'ink';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {tempStore} from '../test/helpers/store.js';
import {FakeStdin} from '../test/helpers/render-at.js';
import {percentile, type Budget} from './lib.js';

class CountingStdout extends EventEmitter {
	isTTY = true;
	columns = 80;
	rows = 24;
	bytes = 0;
	writes = 0;
	lastWriteAt = 0;
	write = (s: string) => {
		this.bytes += Buffer.byteLength(s);
		this.writes++;
		this.lastWriteAt = performance.now();
		this.emit('wrote');
		return true;
	};
}

/** 4. 10 nodes × 500 events/s for 20 s into the console at 80×24: keypress→frame p95, bytes/s. */
export async function flood({nodes = 10, rate = 500, seconds = 20} = {}): Promise<Budget[]> {
	const child = spawn(process.execPath, [path.join(HERE, 'flood-gateways.js'), String(nodes), String(rate), String(seconds)], {stdio: ['pipe', 'pipe', 'inherit']});
	const lines: string[] = [];
	let buf = '';
	child.stdout.on('data', d => {
		buf += d;
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			lines.push(buf.slice(0, i));
			buf = buf.slice(i + 1);
		}
	});
	const nextLine = async () => {
		while (lines.length === 0) await new Promise(r => setTimeout(r, 20));
		return lines.shift()!;
	};
	const ports = JSON.parse(await nextLine()) as number[];
	const s = tempStore();
	s.registry.markLocalOffered();
	ports.forEach((p, i) => s.registry.add({name: `node-${i}`, host: '127.0.0.1', port: p, token: 'test-token', tags: []}));
	const fleet = new Fleet(memoryCredentials(), {version: 'bench', pollMs: 10_000});
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
	const stdout = new CountingStdout();
	const stdin = new FakeStdin();
	const app = render(<App services={{...s.services(), fleet, dispatcher}} />, {stdout: stdout as never, stdin: stdin as never, exitOnCtrlC: false, patchConsole: false, maxFps: 60, incrementalRendering: true});
	while (Object.values(fleet.statuses()).filter(x => x.state === 'online').length < nodes) await new Promise(r => setTimeout(r, 50));
	stdin.write('2'); // watch the log
	await new Promise(r => setTimeout(r, 500));
	const bytes0 = stdout.bytes;
	const t0 = performance.now();
	child.stdin.write('go\n');
	const latencies: number[] = [];
	let k = 0;
	while (performance.now() - t0 < seconds * 1000) {
		await new Promise(r => setTimeout(r, 200));
		// ↑/↓ in the log pane: select the previous / next task (what a person does while watching)
		const key = k++ % 2 ? '\u001b[A' : '\u001b[B';
		const pressed = performance.now();
		const frame = new Promise<number>(resolve => stdout.once('wrote', () => resolve(performance.now() - pressed)));
		stdin.write(key);
		latencies.push(await Promise.race([frame, new Promise<number>(r => setTimeout(() => r(1000), 1000))]));
	}
	const elapsed = (performance.now() - t0) / 1000;
	const bytesPerSec = (stdout.bytes - bytes0) / elapsed;
	const sent = JSON.parse(await nextLine()) as {sent: number};
	const applied = dispatcher.state.log.nextSeq;
	const rss = process.memoryUsage().rss / 2 ** 20;
	app.unmount();
	void fleet.stop();
	child.kill();
	const p95 = percentile(latencies, 95);
	return [
		{name: 'log flood: keypress → frame p95', measured: `${p95.toFixed(0)} ms (p50 ${percentile(latencies, 50).toFixed(0)} ms, ${latencies.length} keys)`, budget: '≤ 100 ms', pass: p95 <= 100, details: {eventsSent: sent.sent, logLines: applied}},
		{name: 'log flood: bytes written to the terminal', measured: `${(bytesPerSec / 1024).toFixed(1)} KB/s (${(stdout.writes / elapsed).toFixed(1)} writes/s)`, budget: '≤ 30 KB/s', pass: bytesPerSec <= 30 * 1024, details: {rssMiBDuringFlood: Math.round(rss)}},
	];
}

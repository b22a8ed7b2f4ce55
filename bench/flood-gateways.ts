/**
 * Child process for the benchmarks: N test gateways on 127.0.0.1 that, on "go", each stream
 * `rate` agent events a second for `seconds`. Without "go" they are idle gateways (ticks every
 * `tickMs`, 30 s like OpenClaw 2026.9.6 unless given).
 */
import {startTestGateway} from '../source/net/test-gateway/server.js';

const n = Number(process.argv[2] ?? 10);
const rate = Number(process.argv[3] ?? 500);
const seconds = Number(process.argv[4] ?? 20);
const tickMs = Number(process.argv[5] ?? 5000);
/** "tools": every event is a tool call of one long run (one log line each), for the 1 M-line case. */
const mode = process.argv[6] ?? 'mixed';
const gws = await Promise.all(Array.from({length: n}, () => startTestGateway({tickIntervalMs: tickMs})));
// a bench never reads what they received: keep 1 000 gateways × days of polls out of this process's memory
for (const g of gws) g.received.push = () => 0;
process.stdout.write(JSON.stringify(gws.map(g => g.port)) + '\n');
process.stdin.once('data', () => {
	const start = Date.now();
	let sent = 0;
	const runs = gws.map((_, i) => ({id: `flood-${i}-0`, seq: 0, text: '', k: 0}));
	const tick = setInterval(() => {
		const due = Math.floor(((Date.now() - start) / 1000) * rate);
		gws.forEach((g, i) => {
			const r = runs[i]!;
			for (let e = sent; e < due; e++) {
				if (mode === 'tools' && r.seq > 0) g.broadcast('agent', {runId: r.id, stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: `t${r.seq}`, args: {command: `step ${r.seq} 训练`}}, seq: ++r.seq, ts: Date.now()});
				else if (r.seq === 0) g.broadcast('agent', {runId: r.id, sessionKey: `agent:main:flood-${i}`, stream: 'lifecycle', data: {phase: 'start'}, seq: ++r.seq, ts: Date.now()});
				else if (r.seq % 25 === 0) g.broadcast('agent', {runId: r.id, stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: `t${r.seq}`}, seq: ++r.seq, ts: Date.now()});
				else if (r.seq >= 200) {
					g.broadcast('agent', {runId: r.id, stream: 'lifecycle', data: {phase: 'end'}, seq: ++r.seq, ts: Date.now()});
					r.k++;
					r.id = `flood-${i}-${r.k}`;
					r.seq = 0;
					r.text = '';
				} else {
					const delta = `w${r.seq} `;
					r.text = (r.text + delta).slice(-400);
					g.broadcast('agent', {runId: r.id, stream: 'assistant', data: {delta, text: r.text}, seq: ++r.seq, ts: Date.now()});
				}
			}
		});
		sent = due;
		if (Date.now() - start > seconds * 1000) {
			clearInterval(tick);
			process.stdout.write(JSON.stringify({sent: sent * n}) + '\n');
		}
	}, 10);
});

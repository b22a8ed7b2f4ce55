/**
 * Child process for the hostile-load benchmark: one test gateway. Commands on stdin, one per line:
 *   items RATE SECONDS — an external run streaming RATE assistant events a second, each with a
 *                        NEW item id (the case that made the reducer quadratic), for SECONDS
 *   bigline CHARS      — an external run whose answer is one line of CHARS characters, then its end
 * Prints the port first, then one JSON line when each command is done.
 */
import readline from 'node:readline';
import {startTestGateway} from '../source/net/test-gateway/server.js';

const gw = await startTestGateway({tickIntervalMs: 5000});
process.stdout.write(JSON.stringify({port: gw.port}) + '\n');
let k = 0;
const agent = (runId: string, seq: number, stream: string, data: Record<string, unknown>) => gw.broadcast('agent', {runId, seq, stream, ts: Date.now(), sessionKey: 'agent:main:bench', data});

for await (const line of readline.createInterface({input: process.stdin})) {
	const [cmd, a, b] = line.trim().split(/\s+/);
	if (cmd === 'items') {
		const rate = Number(a);
		const seconds = Number(b);
		const runId = `items-${k++}`;
		let seq = 0;
		agent(runId, ++seq, 'lifecycle', {phase: 'start'});
		const start = Date.now();
		let sent = 0;
		await new Promise<void>(resolve => {
			const tick = setInterval(() => {
				const due = Math.min(rate * seconds, Math.floor(((Date.now() - start) / 1000) * rate));
				for (; sent < due; sent++) agent(runId, ++seq, 'assistant', {itemId: `item-${sent}`, text: `step ${sent} `, delta: `step ${sent} `});
				if (Date.now() - start >= seconds * 1000) {
					clearInterval(tick);
					resolve();
				}
			}, 10);
		});
		agent(runId, ++seq, 'lifecycle', {phase: 'end'});
		process.stdout.write(JSON.stringify({sent}) + '\n');
	} else if (cmd === 'bigline') {
		const runId = `bigline-${k++}`;
		agent(runId, 1, 'lifecycle', {phase: 'start'});
		agent(runId, 2, 'assistant', {itemId: 'a', text: 'x'.repeat(Number(a) - 4) + ' end'});
		agent(runId, 3, 'lifecycle', {phase: 'end'});
		process.stdout.write(JSON.stringify({runId}) + '\n');
	}
}

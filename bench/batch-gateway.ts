/** Child process for the batch benchmark: one test gateway with a run time and a concurrency limit; prints its port, then one line per completed run. */
import {startTestGateway} from '../source/net/test-gateway/server.js';

const runMs = Number(process.argv[2] ?? 400);
const maxConcurrent = Number(process.argv[3] ?? 2);
const g = await startTestGateway({runMs, maxConcurrent, token: 'bench-token', tickIntervalMs: 5000});
process.stdout.write(JSON.stringify({port: g.port}) + '\n');
let seen = 0;
setInterval(() => {
	while (seen < g.completed.length) process.stdout.write(JSON.stringify({done: g.completed[seen++], peak: g.peakPlaying}) + '\n');
}, 10);

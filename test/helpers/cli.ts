import {PassThrough} from 'node:stream';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {main} from '../../source/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'mgw-tui.js');

/** Run main() in-process with captured streams. */
/** `tty` is typed at a (fake) terminal stdin instead of piped. */
export async function runCli(args: string[], {env = {}, stdin, tty}: {env?: NodeJS.ProcessEnv; stdin?: string; tty?: string} = {}) {
	const out = new PassThrough();
	const err = new PassThrough();
	const inp = new PassThrough() as PassThrough & {isTTY?: boolean};
	let stdout = '';
	let stderr = '';
	out.on('data', d => (stdout += d));
	err.on('data', d => (stderr += d));
	if (stdin === undefined) inp.isTTY = true;
	else inp.end(stdin);
	if (tty !== undefined) setTimeout(() => inp.write(tty), 20);
	const code = await main(args, {stdout: out, stderr: err, stdin: inp, env});
	return {code, stdout, stderr};
}

/** Run the built binary (dist) as a child process. */
/** `killAfterMs`: a process still running then is killed (SIGKILL) and `signal` says so. */
export function runBin(args: string[], {env = {}, stdin, killAfterMs}: {env?: NodeJS.ProcessEnv; stdin?: string; killAfterMs?: number} = {}): Promise<{code: number; signal?: string; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], {env: {PATH: process.env.PATH, ...env}, stdio: ['pipe', 'pipe', 'pipe']});
		const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(killer);
			resolve({code: code ?? -1, signal: signal ?? undefined, stdout, stderr});
		});
		child.stdin.end(stdin ?? '');
	});
}

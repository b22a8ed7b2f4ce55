import type {Readable, Writable} from 'node:stream';

/** Streams and environment of one CLI run (injectable for tests). */
export type Io = {
	stdout: Writable & {isTTY?: boolean; columns?: number};
	stderr: Writable;
	stdin: Readable & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

/**
 * A reader that closed its end (`mgw-tui status | head -1`) ends the run quietly, as Unix
 * tools do: EPIPE on stdout or stderr exits at once with the exit code set so far, no stack trace.
 */
export function quietOnClosedPipe(streams: readonly Writable[], exit: () => void): void {
	for (const s of streams)
		s.on('error', (e: NodeJS.ErrnoException) => {
			if (e.code !== 'EPIPE') throw e;
			exit();
		});
}

let piped = false;
export const processIo = (): Io => {
	if (!piped) {
		piped = true;
		quietOnClosedPipe([process.stdout, process.stderr], () => process.exit());
	}
	return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env};
};

export class UsageError extends Error {}

export const EXIT = {ok: 0, failure: 1, usage: 2, noNode: 3} as const;

export function readAll(stream: Readable): Promise<string> {
	return new Promise((resolve, reject) => {
		let data = '';
		stream.setEncoding('utf8');
		stream.on('data', c => (data += c));
		stream.on('end', () => resolve(data));
		stream.on('error', reject);
	});
}

export const println = (w: Writable, s = '') => w.write(s + '\n');

import type {Readable, Writable} from 'node:stream';

/** Streams and environment of one CLI run (injectable for tests). */
export type Io = {
	stdout: Writable & {isTTY?: boolean; columns?: number};
	stderr: Writable;
	stdin: Readable & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

export const processIo = (): Io => ({stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env});

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

import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render} from 'ink';

/** A fake TTY stdout with a chosen size (ink-testing-library's is fixed at 100 columns, no rows). */
export class FakeStdout extends EventEmitter {
	isTTY = true;
	frames: string[] = [];
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		this.emit('frame', frame);
		return true;
	};
	lastFrame = () => this.frames.at(-1) ?? '';
	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

export class FakeStdin extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const d = this.data;
		this.data = null;
		return d;
	};
}

/**
 * One turn of the event loop. A key's whole path — Ink reads stdin synchronously, holds a
 * lone Esc for one setImmediate, our reader handles the read in a microtask, the reducer
 * renders once in the next microtask and Ink's debug renderer writes the frame synchronously
 * — completes within a turn, whatever the CPU load; React's passive effects run on the next
 * setImmediate. So the helpers wait for turns and frames, never for time.
 */
export const turn = () => new Promise<void>(r => setImmediate(r));

/**
 * Resolve when a frame after the first `n` is written, or — for input that changes nothing on
 * screen — once the event loop went round without one; then until no further frame comes
 * for a few turns (effects of that frame). The idea of lazygit's waitTillIdle.
 */
export async function settled(stdout: {frames: unknown[]}, n = stdout.frames.length) {
	for (let i = 0; i < 3 && stdout.frames.length === n; i++) await turn();
	for (let quiet = 0, guard = 0; quiet < 3 && guard < 200; guard++) {
		const before = stdout.frames.length;
		await turn();
		quiet = stdout.frames.length === before ? quiet + 1 : 0;
	}
}

export const KEY = {
	tab: '\t',
	shiftTab: '\u001b[Z',
	enter: '\r',
	esc: '\u001b',
	up: '\u001b[A',
	down: '\u001b[B',
	left: '\u001b[D',
	right: '\u001b[C',
	backspace: '\u007f',
	ctrlC: '\u0003',
	ctrlZ: '\u001a',
	pasteStart: '\u001b[200~',
	pasteEnd: '\u001b[201~',
} as const;

export function renderAt(tree: ReactElement, cols = 80, rows = 24) {
	const stdout = new FakeStdout(cols, rows);
	const stdin = new FakeStdin();
	const stderr = new FakeStdout(cols, rows);
	const instance = render(tree, {
		stdout: stdout as never,
		stdin: stdin as never,
		stderr: stderr as never,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	/** Write one read to the terminal input; resolves when its frame is drawn (or it changed nothing). */
	const send = async (data: string) => {
		const n = stdout.frames.length;
		stdin.write(data);
		await settled(stdout, n);
	};
	/** Each argument is one read (a key, or a burst like "2j" arriving at once over SSH), drawn before the next. */
	const press = async (...reads: string[]) => {
		for (const k of reads) await send(k);
	};
	/** Type text slowly: one character per read. */
	const type = async (text: string) => {
		for (const ch of text) await send(ch);
	};
	/** A bracketed paste (the terminal marks it), in one read. */
	const paste = (text: string) => send(KEY.pasteStart + text + KEY.pasteEnd);
	/** The first frame and whatever its effects draw (e.g. the first-start offer). */
	const ready = () => settled(stdout, 0);
	/** Until nothing more is drawn. */
	const idle = () => settled(stdout);
	const resize = async (c: number, r: number) => {
		const n = stdout.frames.length;
		stdout.resize(c, r);
		await settled(stdout, n);
	};
	return {stdout, stdin, instance, press, type, paste, ready, idle, resize, frame: () => stdout.lastFrame(), unmount: () => instance.unmount()};
}

/** Strip SGR colour codes for text assertions. */
export const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

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

export const delay = (ms: number) => new Promise(r => setTimeout(r, ms));

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
	/** Send keys one at a time (each is its own keypress), waiting for a render after each. */
	const press = async (...keys: string[]) => {
		for (const k of keys) {
			stdin.write(k);
			await delay(k === KEY.esc ? 60 : 15);
		}
		await delay(20);
	};
	const type = async (text: string) => {
		for (const ch of text) {
			stdin.write(ch);
			await delay(5);
		}
		await delay(20);
	};
	return {stdout, stdin, instance, press, type, frame: () => stdout.lastFrame(), unmount: () => instance.unmount()};
}

/** Strip SGR colour codes for text assertions. */
export const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

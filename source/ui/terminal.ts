/**
 * Terminal output that is not a frame: the OSC 52 clipboard. It writes through the stream
 * Ink renders to (useStdout), never to fs or net. An OSC string moves no cursor, so it can
 * go out between two frames.
 */
import {clipboardCaveat, MAX_OSC52_BYTES, osc52, type TerminalInfo} from '../core/clipboard.js';

export type CopyResult = {ok: boolean; message: string};

export function makeClipboard(write: (bytes: string) => unknown, info: TerminalInfo) {
	return (text: string, what: string): CopyResult => {
		const seq = osc52(text, info);
		if (seq.length > MAX_OSC52_BYTES) return {ok: false, message: `${what} is too long to copy through the terminal (${Math.round(text.length / 1024)} KB; terminals take about 74 KB)`};
		write(seq);
		return {ok: true, message: `copied ${what} to the clipboard (OSC 52; ${clipboardCaveat(info)})`};
	};
}

/**
 * Copy without a mouse: OSC 52 asks the terminal to put text on the local clipboard; it
 * travels through SSH, and through tmux when wrapped for passthrough. Pure: builds the
 * bytes; ui/terminal.ts writes them.
 */
import {INVALID_REQUEST_ID, type NodeStatus} from './node-state.js';
import {tmuxWrap} from './osc.js';

/** Terminals cap OSC 52 (xterm: 100 000 bytes); longer texts are refused with a message. */
export const MAX_OSC52_BYTES = 100_000;

export type TerminalInfo = {tmux: boolean; term?: string; termProgram?: string};

const base64 = (text: string): string => {
	const bytes = new TextEncoder().encode(text);
	let bin = '';
	for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(bin);
};

/**
 * The OSC 52 sequence that sets the clipboard to `text`. Inside tmux it goes twice: as is
 * (tmux takes it with `set-clipboard on` and passes it on to the outer terminal) and wrapped
 * in tmux's DCS passthrough (reaches the outer terminal with `allow-passthrough on`).
 */
export function osc52(text: string, {tmux}: Pick<TerminalInfo, 'tmux'>): string {
	const seq = `\u001b]52;c;${base64(text)}\u0007`;
	return tmux ? seq + tmuxWrap(seq) : seq;
}

/** Why the copy may not arrive, for terminals known to ignore OSC 52 (and tmux's own switches). */
export function clipboardCaveat(info: TerminalInfo): string {
	if (info.termProgram === 'Apple_Terminal') return 'macOS Terminal ignores OSC 52: use iTerm2, kitty, WezTerm, Alacritty or Windows Terminal';
	if (info.term === 'linux') return 'the Linux console has no clipboard';
	if (info.tmux) return 'inside tmux it needs set -g set-clipboard on, or allow-passthrough on';
	return 'if nothing arrives, the terminal does not support OSC 52';
}

/** The command a node is waiting for, to copy and run on that computer (never with a request id that is not one). */
export function approveCommand(status: NodeStatus | undefined): string | undefined {
	return status?.state === 'pairing-required' && status.requestId && status.requestId !== INVALID_REQUEST_ID ? `openclaw devices approve ${status.requestId}` : undefined;
}

import {sanitizeLine} from './sanitize.js';

/**
 * Terminal output sequences the console writes on purpose (the clipboard's OSC 52 is in
 * core/clipboard.ts and shares tmuxWrap): the bell and desktop notifications (OSC 9 — iTerm2, WezTerm, Windows Terminal, kitty; OSC 777 — rxvt, foot,
 * Ghostty, VTE). Both pass through SSH; inside tmux they are wrapped in a DCS passthrough.
 * Text is cleaned first: nothing in a notification can end the sequence early or start another.
 */
export const BEL = '\u0007';

const clean = (s: string, max: number) => sanitizeLine(s).replace(/[\u0007\u001b\u009c]/g, '').slice(0, max);

export const osc9 = (text: string) => `\u001b]9;${clean(text, 200)}${BEL}`;
export const osc777 = (title: string, body: string) => `\u001b]777;notify;${clean(title, 80).replace(/;/g, ',')};${clean(body, 200)}${BEL}`;

/** tmux passes a sequence to the outer terminal only inside `ESC P tmux; … ESC \`, with every ESC doubled. */
export const tmuxWrap = (seq: string) => `\u001bPtmux;${seq.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;

export function notificationSequence({title, body, bell, desktop, tmux}: {title: string; body: string; bell: boolean; desktop: boolean; tmux: boolean}): string {
	let out = '';
	if (desktop) for (const seq of [osc9(`${title}: ${body}`), osc777(title, body)]) out += tmux ? tmuxWrap(seq) : seq;
	if (bell) out += BEL; // tmux forwards the bell itself (and marks the window)
	return out;
}

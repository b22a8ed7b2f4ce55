/**
 * The overlays for conversations, the gateway log and pairing, as small pure reducers (like
 * core/dialogs.ts): what the controller asked for is decided here and tested as tables.
 */
import {editLine, scrollBy, type Edit} from './dialogs.js';
import type {ChatTurn, SessionRow} from './sessions.js';

/** Devices of one gateway (net/pairing.ts parses them). */
export type DeviceRow = {kind: 'pending'; requestId: string; deviceId: string; name: string; detail: string} | {kind: 'paired'; deviceId: string; name: string; detail: string; connected: boolean};

/** A reply in an existing session: from a task (its session) or from the sessions view. */
export type ReplyDialog = {kind: 'reply'; node: string; sessionKey: string; about: string; text: string; sending: boolean};
export type SessionsDialog = {kind: 'sessions'; node: string; rows?: SessionRow[]; error?: string; cursor: number; filter?: string};
/** `scroll`: lines back from the newest (0 shows the end of the conversation). */
export type ChatDialog = {kind: 'chat'; node: string; key: string; title: string; turns?: ChatTurn[]; error?: string; scroll: number};
export type DevicesDialog = {kind: 'devices'; node: string; rows?: DeviceRow[]; error?: string; cursor: number};
export type GatewayLogDialog = {kind: 'gatewayLog'; node: string; filter?: string; follow: boolean; scroll: number};

export type ReplyEvent = {type: 'edit'; edit: Edit} | {type: 'sending'; sending: boolean};
export function replyDialog(o: ReplyDialog, ev: ReplyEvent): ReplyDialog {
	if (ev.type === 'sending') return {...o, sending: ev.sending};
	if (o.sending) return o;
	const text = editLine(o.text, ev.edit);
	return text === undefined ? o : {...o, text};
}

export type ListEvent<R> = {type: 'loaded'; rows: R[]} | {type: 'failed'; error: string} | {type: 'move'; delta: number; visible: number};
const clamp = (n: number, hi: number) => Math.max(0, Math.min(Math.max(0, hi - 1), n));

/** Sessions and devices lists: load, fail, move the cursor (over the `visible` rows after the filter). */
export function listDialog<D extends SessionsDialog | DevicesDialog>(o: D, ev: ListEvent<NonNullable<D['rows']>[number]>): D {
	switch (ev.type) {
		case 'loaded':
			return {...o, rows: ev.rows, error: undefined, cursor: clamp(o.cursor, ev.rows.length)};
		case 'failed':
			return {...o, error: ev.error};
		case 'move':
			return {...o, cursor: clamp(o.cursor + ev.delta, ev.visible)};
	}
}

export type ChatEvent = {type: 'loaded'; turns: ChatTurn[]} | {type: 'failed'; error: string} | {type: 'scroll'; delta: number};
export function chatDialog(o: ChatDialog, ev: ChatEvent): ChatDialog {
	switch (ev.type) {
		case 'loaded':
			return {...o, turns: ev.turns, error: undefined, scroll: 0};
		case 'failed':
			return {...o, error: ev.error};
		case 'scroll':
			return {...o, scroll: scrollBy(o.scroll, ev.delta)};
	}
}

export type GatewayLogEvent = {type: 'follow'} | {type: 'scroll'; delta: number};
export function gatewayLogDialog(o: GatewayLogDialog, ev: GatewayLogEvent): GatewayLogDialog {
	if (ev.type === 'follow') return {...o, follow: !o.follow, scroll: 0};
	const scroll = scrollBy(o.scroll, ev.delta);
	return {...o, scroll, follow: scroll === 0};
}

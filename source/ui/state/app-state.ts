import type {PaneId, Scope} from '../../core/keymap.js';
import type {NodeDraft, NodeInput} from '../../core/nodes.js';
import type {Op} from '../../core/gateway-check.js';
import type {PreviewPlan} from '../../core/config-target.js';
import type {ShareInfo} from '../../net/share.js';
import {
	commandDialog,
	configEditDialog,
	dispatchDialog,
	filterDialog,
	formDialog,
	scrollBy,
	type CommandDialog,
	type CommandEvent,
	type ConfigEditDialog,
	type ConfigEditEvent,
	type DispatchDialogState,
	type DispatchEvent,
	type Edit,
	type FilterDialog,
	type FormDialog,
	type FormEvent,
} from '../../core/dialogs.js';

import {chatDialog, gatewayLogDialog, listDialog, replyDialog, type ChatDialog, type ChatEvent, type DevicesDialog, type GatewayLogDialog, type GatewayLogEvent, type ListEvent, type ReplyDialog, type ReplyEvent, type SessionsDialog, type DeviceRow} from '../../core/fleet-dialogs.js';
import type {SessionRow} from '../../core/sessions.js';
import {displayAddress} from '../../core/route.js';

export {FORM_FIELDS} from '../../core/dialogs.js';
export const PANES: readonly PaneId[] = ['nodes', 'log', 'config'];

export type ConfirmAction =
	| {type: 'remove'; name: string}
	| {type: 'trust'; name: string; fingerprint: string}
	| {type: 'addLocal'}
	| {type: 'cancelTask'; id: string}
	| {type: 'restartGateway'}
	| {type: 'deleteSession'; node: string; key: string}
	| {type: 'approveDevice'; node: string; requestId: string}
	| {type: 'rejectDevice'; node: string; requestId: string}
	| {type: 'revokeDevice'; node: string; deviceId: string}
	| {type: 'copySecret'; text: string; what: string};

/** Overlays a bottom line (the `/` filter, a reply) can sit on: they stay on screen and get the result. */
export type BackOverlay = SessionsDialog | GatewayLogDialog | ChatDialog | {kind: 'task'; id: string; scroll: number};

export type Overlay =
	| {kind: 'help'; scroll: number}
	| CommandDialog
	| FormDialog
	| {kind: 'confirm'; prompt: string; action: ConfirmAction}
	| {kind: 'detail'; node: string}
	| (FilterDialog & {back?: BackOverlay})
	| (ReplyDialog & {back?: BackOverlay})
	| SessionsDialog
	| ChatDialog
	| DevicesDialog
	| GatewayLogDialog
	| {kind: 'task'; id: string; scroll: number}
	| ConfigEditDialog
	| {kind: 'preview'; title: string; ops: Op[]; plan: PreviewPlan; secrets: {token?: string; password?: string}; scroll: number}
	| {kind: 'share'; reveal: boolean; info: ShareInfo}
	| DispatchDialogState;
export type OverlayKind = Overlay['kind'];

/** A change to the open overlay, typed per overlay kind; ignored when another overlay (or none) is open. */
export type OverlayUpdate =
	| {kind: 'form'; ev: FormEvent}
	| {kind: 'command'; ev: CommandEvent}
	| {kind: 'filter'; ev: {type: 'edit'; edit: Edit}}
	| {kind: 'configEdit'; ev: ConfigEditEvent}
	| {kind: 'dispatch'; ev: DispatchEvent}
	| {kind: 'help' | 'task' | 'preview'; ev: {type: 'scroll'; delta: number}}
	| {kind: 'share'; ev: {type: 'reveal'}}
	| {kind: 'reply'; ev: ReplyEvent}
	| {kind: 'sessions'; ev: ListEvent<SessionRow>}
	| {kind: 'devices'; ev: ListEvent<DeviceRow>}
	| {kind: 'chat'; ev: ChatEvent}
	| {kind: 'gatewayLog'; ev: GatewayLogEvent};

export type Message = {text: string; kind: 'info' | 'ok' | 'error'};

export type AppState = {
	focus: PaneId;
	overlay?: Overlay;
	selected: number;
	reveal: boolean;
	message?: Message;
	history: string[];
	nodes: NodeDraft[];
	log: {follow: boolean; scroll: number; filter?: string; selected?: string; batch?: {file: string; ids: string[]}};
	/** The Nodes pane's `/` words (core/node-filter.ts); `selected` stays an index into all nodes. */
	nodeFilter?: string;
	config: {target: string; row: number; reveal: boolean; version: number};
};

export type AppAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'focusStep'; delta: 1 | -1}
	| {type: 'select'; delta: number}
	| {type: 'nodeFilter'; filter?: string; select?: number}
	| {type: 'nodes'; nodes: NodeDraft[]; select?: string}
	| {type: 'open'; overlay: Overlay}
	| {type: 'close'}
	| {type: 'overlay'; update: OverlayUpdate}
	| {type: 'message'; message?: Message}
	| {type: 'reveal'}
	| {type: 'remember'; line: string}
	| {type: 'log'; patch: Partial<AppState['log']>}
	| {type: 'config'; patch: Partial<AppState['config']>};

export const initialState = (nodes: NodeDraft[] = []): AppState => ({
	focus: 'nodes',
	selected: 0,
	reveal: false,
	history: [],
	nodes,
	log: {follow: true, scroll: 0},
	config: {target: 'local', row: 0, reveal: false, version: 0},
});

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'focus':
			return {...state, focus: action.pane};
		case 'focusStep': {
			const i = PANES.indexOf(state.focus);
			return {...state, focus: PANES[(i + action.delta + PANES.length) % PANES.length]!};
		}
		case 'select':
			return {...state, selected: clamp(state.selected + action.delta, 0, Math.max(0, state.nodes.length - 1))};
		case 'nodeFilter':
			return {...state, nodeFilter: action.filter || undefined, selected: action.select ?? state.selected};
		case 'nodes': {
			const want = action.select ? action.nodes.findIndex(n => n.name === action.select) : -1;
			const selected = want >= 0 ? want : clamp(state.selected, 0, Math.max(0, action.nodes.length - 1));
			return {...state, nodes: action.nodes, selected};
		}
		case 'open':
			return {...state, overlay: action.overlay, message: undefined};
		case 'close':
			return {...state, overlay: undefined};
		case 'overlay': {
			const overlay = updateOverlay(state.overlay, action.update);
			return overlay === state.overlay ? state : {...state, overlay};
		}
		case 'message':
			return {...state, message: action.message};
		case 'reveal':
			return {...state, reveal: !state.reveal};
		case 'remember':
			return {...state, history: [...state.history.filter(h => h !== action.line), action.line].slice(-50)};
		case 'log':
			return {...state, log: {...state.log, ...action.patch}};
		case 'config':
			return {...state, config: {...state.config, ...action.patch}};
	}
}

function updateOverlay(o: Overlay | undefined, u: OverlayUpdate): Overlay | undefined {
	switch (u.kind) {
		case 'form':
			return o?.kind === 'form' ? formDialog(o, u.ev) : o;
		case 'command':
			return o?.kind === 'command' ? commandDialog(o, u.ev) : o;
		case 'filter':
			return o?.kind === 'filter' ? filterDialog(o, u.ev) : o;
		case 'configEdit':
			return o?.kind === 'configEdit' ? configEditDialog(o, u.ev) : o;
		case 'dispatch':
			return o?.kind === 'dispatch' ? dispatchDialog(o, u.ev) : o;
		case 'help':
		case 'task':
		case 'preview':
			return o && o.kind === u.kind && (o.kind === 'help' || o.kind === 'task' || o.kind === 'preview') ? {...o, scroll: scrollBy(o.scroll, u.ev.delta)} : o;
		case 'share':
			return o?.kind === 'share' ? {...o, reveal: !o.reveal} : o;
		case 'reply':
			return o?.kind === 'reply' ? replyDialog(o, u.ev) : o;
		case 'sessions':
			return o?.kind === 'sessions' ? listDialog(o, u.ev) : o;
		case 'devices':
			return o?.kind === 'devices' ? listDialog(o, u.ev) : o;
		case 'chat':
			return o?.kind === 'chat' ? chatDialog(o, u.ev) : o;
		case 'gatewayLog':
			return o?.kind === 'gatewayLog' ? gatewayLogDialog(o, u.ev) : o;
	}
}

/** The keymap scope that is active now. */
export function activeScope(state: AppState): Scope {
	return state.overlay ? state.overlay.kind : state.focus;
}

export const selectedNode = (state: AppState): NodeDraft | undefined => state.nodes[state.selected];

export function emptyForm(): NodeInput {
	return {name: '', host: '', port: '18789', token: '', tags: '', ssh: '', tls: '', auth: 'token'};
}

export function formFromNode(n: NodeDraft): NodeInput {
	const host = n.scheme === 'wss' ? displayAddress(n) : n.host;
	return {name: n.name, host, port: String(n.port), token: '', tags: n.tags.join(' '), ssh: n.ssh ?? '', tls: n.tlsFingerprint ?? '', auth: n.secretKind ?? 'token'};
}

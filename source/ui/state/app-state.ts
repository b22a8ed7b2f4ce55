import type {PaneId, Scope} from '../../core/keymap.js';
import type {FieldErrors, NodeDraft, NodeField, NodeInput} from '../../core/nodes.js';

export const PANES: readonly PaneId[] = ['nodes', 'log', 'config'];
export const FORM_FIELDS: readonly NodeField[] = ['name', 'host', 'port', 'token', 'tags'];

export type ConfirmAction = {type: 'remove'; name: string} | {type: 'addLocal'} | {type: 'cancelTask'; id: string} | {type: 'restartGateway'};

export type Overlay =
	| {kind: 'help'; scroll: number}
	| {kind: 'command'; text: string; histIdx: number}
	| {kind: 'form'; mode: 'add' | 'edit'; original?: string; values: NodeInput; errors: FieldErrors; field: number}
	| {kind: 'confirm'; prompt: string; action: ConfirmAction}
	| {kind: 'detail'; node: string}
	| {kind: 'filter'; text: string}
	| {kind: 'task'; id: string; scroll: number}
	| {kind: 'configEdit'; field: string; text: string; choices?: string[]}
	| {kind: 'preview'; title: string; ops: import('../../core/gateway-check.js').Op[]; next: string; secrets: {token?: string; password?: string}; scroll: number}
	| {kind: 'share'; reveal: boolean; info: import('../../net/share.js').ShareInfo}
	| {kind: 'dispatch'; text: string; field: number; target: number; agent: number; session: 'new' | 'main'; agents: string[]; sending: boolean};

export type Message = {text: string; kind: 'info' | 'ok' | 'error'};

export type AppState = {
	focus: PaneId;
	overlay?: Overlay;
	selected: number;
	reveal: boolean;
	message?: Message;
	history: string[];
	nodes: NodeDraft[];
	log: {follow: boolean; scroll: number; filter?: string; selected?: string};
	config: {target: string; row: number; reveal: boolean; version: number};
};

export type AppAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'focusStep'; delta: 1 | -1}
	| {type: 'select'; delta: number}
	| {type: 'nodes'; nodes: NodeDraft[]; select?: string}
	| {type: 'open'; overlay: Overlay}
	| {type: 'close'}
	| {type: 'patchOverlay'; patch: Partial<Overlay>}
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
		case 'nodes': {
			const want = action.select ? action.nodes.findIndex(n => n.name === action.select) : -1;
			const selected = want >= 0 ? want : clamp(state.selected, 0, Math.max(0, action.nodes.length - 1));
			return {...state, nodes: action.nodes, selected};
		}
		case 'open':
			return {...state, overlay: action.overlay, message: undefined};
		case 'close':
			return {...state, overlay: undefined};
		case 'patchOverlay':
			return state.overlay ? {...state, overlay: {...state.overlay, ...action.patch} as Overlay} : state;
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

/** The keymap scope that is active now. */
export function activeScope(state: AppState): Scope {
	return state.overlay ? state.overlay.kind : state.focus;
}

export const selectedNode = (state: AppState): NodeDraft | undefined => state.nodes[state.selected];

export function emptyForm(): NodeInput {
	return {name: '', host: '', port: '18789', token: '', tags: ''};
}

export function formFromNode(n: NodeDraft): NodeInput {
	return {name: n.name, host: n.host, port: String(n.port), token: '', tags: n.tags.join(' ')};
}

import type {NodeDraft} from '../core/nodes.js';
import type {ImportReport} from '../store/registry.js';
import type {LocalGateway} from '../store/openclaw-paths.js';
import type {NodeStatus} from '../core/node-state.js';
import type {NodeDetail} from '../net/fleet.js';
import type {TasksState} from '../core/tasks.js';
import type {DispatchRequest, DispatchResult} from '../net/dispatcher.js';
import type {Candidate, RoutingChange} from '../core/routing.js';
import type {RoutingSettings} from '../core/nodes.js';
import type {BatchTask, BatchProblem} from '../core/batch.js';

/** The Config pane's access to configs: "local" (this computer's openclaw.json) or a node name (over RPC). */
export interface ConfigPort {
	load(target: string): Promise<import('../core/config-target.js').ConfigView>;
	/** The diff and start-up verdict of applying ops (throws with a clear message when it cannot be done). */
	preview(target: string, view: import('../core/config-target.js').ConfigView, ops: readonly import('../core/gateway-check.js').Op[], secrets: {token?: string; password?: string}): import('../core/config-target.js').PreviewPlan;
	write(target: string, view: import('../core/config-target.js').ConfigView, ops: readonly import('../core/gateway-check.js').Op[], plan: import('../core/config-target.js').PreviewPlan, secrets: {token?: string; password?: string}): Promise<import('../core/config-target.js').WriteOutcome>;
	generateSecret(): string;
	canRestart(): boolean;
	restart(): Promise<string>;
	share(): import('../net/share.js').ShareInfo;
}

/** Tasks and the task log (net/dispatcher.ts implements it). */
export interface DispatcherPort {
	readonly state: TasksState;
	on(event: 'change', fn: () => void): unknown;
	off(event: 'change', fn: () => void): unknown;
	dispatch(req: DispatchRequest): Promise<DispatchResult>;
	cancel(id: string): Promise<string | undefined>;
	/** A follow-up in task `id`'s session. */
	reply?(id: string, message: string): Promise<DispatchResult>;
	agents(node: string): Promise<{defaultId?: string; ids: string[]}>;
	candidates(): Candidate[];
	/** The level rules and the judge node in use. */
	routing?(): RoutingSettings;
	/** Many tasks at once (a batch): started as slots allow, the rest queued. */
	dispatchMany?(reqs: DispatchRequest[]): DispatchResult[];
	/** Move a queued task earlier (< 0) or later; an error text or undefined. */
	moveQueued?(id: string, delta: number): string | undefined;
}

/** The live side of the nodes (net/fleet.ts implements it). */
export interface FleetPort {
	sync(targets: readonly NodeDraft[]): void;
	statuses(): Record<string, NodeStatus>;
	on(event: 'status', fn: (name: string, status: NodeStatus | undefined) => void): unknown;
	off(event: 'status', fn: (name: string, status: NodeStatus | undefined) => void): unknown;
	reconnect(name: string): void;
	detail(name: string): Promise<NodeDetail>;
}

/** A gateway's own log being followed (net/gateway-log.ts). */
export interface GatewayLogPort {
	readonly ring: import('../core/log-ring.js').LogRing;
	readonly error?: string;
	on(event: 'change', fn: () => void): unknown;
	off(event: 'change', fn: () => void): unknown;
	stop(): void;
}

/** Sessions, pairing and the gateway log of one node (net/node-ops.ts implements it). */
export interface NodeOpsPort {
	sessions(node: string): Promise<import('../core/sessions.js').SessionRow[]>;
	chat(node: string, key: string): Promise<import('../core/sessions.js').ChatTurn[]>;
	deleteSession(node: string, key: string): Promise<void>;
	devices(node: string): Promise<import('../core/fleet-dialogs.js').DeviceRow[]>;
	approve(node: string, requestId: string): Promise<void>;
	reject(node: string, requestId: string): Promise<void>;
	revoke(node: string, deviceId: string): Promise<void>;
	/** Start following `node`'s log; stop() when done. */
	gatewayLog(node: string): GatewayLogPort;
}

/** Console settings the UI can change (`:notify`). */
export interface SettingsPort {
	notify(): import('../core/notify.js').NotifySettings;
	setNotify(n: import('../core/notify.js').NotifySettings): void;
}

/**
 * What the UI may ask of the outside world. cli/tui.ts builds it from store/ and net/;
 * tests build it on a temporary store. UI files import only these types.
 */
export interface Services {
	loadNodes(): NodeDraft[];
	addNode(draft: NodeDraft): void;
	updateNode(original: string, draft: NodeDraft): void;
	removeNode(name: string): void;
	/** Pin a wss node's certificate (SHA-256 AB:CD:…). */
	trustNode(name: string, fingerprint: string): void;
	importFile(file: string): ImportReport;
	/** This computer's gateway, when it should be offered as node "local" (first start). */
	localOffer?: LocalGateway;
	/** Remember that the offer was answered. */
	localAnswered(): void;
	/** Read a batch file (one task per line, or JSONL). */
	readBatch?(file: string): {file: string; tasks: BatchTask[]; problems: BatchProblem[]};
	/** Change the routing settings (rules, judge) or a node's concurrency limit; returns what is now in force. */
	setRouting?(change: RoutingChange): RoutingSettings;
	fleet?: FleetPort;
	dispatcher?: DispatcherPort;
	/** What the terminal is (tmux, TERM, TERM_PROGRAM), for copying with OSC 52. */
	terminal?: import('../core/clipboard.js').TerminalInfo;
	config?: ConfigPort;
	nodeOps?: NodeOpsPort;
	settings?: SettingsPort;
	/** Ctrl-Z: give the terminal back as it was and stop, as a shell job; SIGCONT (fg) redraws. cli/tui.tsx. */
	suspend?(): void;
}

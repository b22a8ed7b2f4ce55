import type {NodeState} from './node-state.js';
import type {Task} from './tasks.js';

/** What the console tells a person who is looking at another window. Each switch is a setting (`:notify`). */
export type NotifySettings = {bell: boolean; desktop: boolean; tasks: boolean; nodes: boolean};
export const NOTIFY_DEFAULTS: NotifySettings = {bell: true, desktop: true, tasks: true, nodes: true};
export const NOTIFY_KEYS = Object.keys(NOTIFY_DEFAULTS) as (keyof NotifySettings)[];

export type Notice = {title: string; body: string; about: 'tasks' | 'nodes'};

const UP: readonly NodeState[] = ['online', 'degraded', 'scope-limited'];
/** Passing states that say nothing about up or down (a reconnect loop goes through them). */
const TRANSIENT: readonly NodeState[] = ['unknown', 'connecting'];

/**
 * A node's timeline: the state worth a log line, or undefined. Transient states are skipped
 * and a state is logged only when it differs from the last one logged, so a reconnect loop
 * (connecting → unreachable → connecting …) writes one line, not one per attempt.
 */
export function nodeTransition(lastLogged: NodeState | undefined, next: NodeState): {log: boolean; notice?: 'down' | 'back'} {
	if (TRANSIENT.includes(next) || next === lastLogged) return {log: false};
	const wasUp = lastLogged !== undefined && UP.includes(lastLogged);
	const isUp = UP.includes(next);
	if (lastLogged === undefined) return {log: true};
	return {log: true, notice: wasUp && !isUp ? 'down' : !wasUp && isUp ? 'back' : undefined};
}

export function taskNotice(t: Task): Notice {
	const what = t.message.split('\n')[0]!.slice(0, 60);
	const body = t.state === 'done' ? `✔ done: ${what}` : t.state === 'cancelled' ? `✖ cancelled: ${what}` : `✖ failed: ${t.error ?? what}`;
	return {title: `mgw-tui · ${t.node}`, body, about: 'tasks'};
}

export function nodeNotice(node: string, kind: 'down' | 'back', detail?: string): Notice {
	return {title: `mgw-tui · ${node}`, body: kind === 'down' ? `✖ ${node} went down${detail ? `: ${detail}` : ''}` : `● ${node} is back online`, about: 'nodes'};
}

/** Parse `:notify` arguments: `bell off`, `desktop on`, `tasks off`, `nodes on`; nothing → the current switches. */
export function parseNotify(arg: string, cur: NotifySettings): NotifySettings | {error: string} | undefined {
	const t = arg.trim().toLowerCase();
	if (!t) return undefined;
	const m = /^(\w+)\s+(on|off)$/.exec(t);
	if (!m || !NOTIFY_KEYS.includes(m[1] as keyof NotifySettings)) return {error: `:notify takes ${NOTIFY_KEYS.join('|')} on|off`};
	return {...cur, [m[1]!]: m[2] === 'on'};
}

export const describeNotify = (n: NotifySettings) => NOTIFY_KEYS.map(k => `${k} ${n[k] ? 'on' : 'off'}`).join(' · ');

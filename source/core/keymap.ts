/**
 * The one keymap table. It drives key dispatch (resolveKey), the `?` help overlay
 * (helpSections), the footer and overlay hints (footerHints, hintLine), the `:` commands
 * (core/commands.ts names an ActionId per command) and read-only mode (write actions are
 * hidden and refused).
 *
 * HOW TO ADD A KEY + ACTION (one place here, one handler in a controller):
 *   1. Add a row below: a new `id` ('<feature>.<verb>'), its `keys` (names from core/keys.ts:
 *      'a', 'A', 'tab', 'shift+tab', 'ctrl+x', 'meta+x', 'return', 'escape', 'up' …), a short
 *      `label` for hints, `desc` for help, its `scope` (a pane, 'global' or an overlay kind),
 *      `write: true` if it changes anything (hidden and refused in --readonly), `hint` to show
 *      it in the footer / the overlay's hint line.
 *   2. `npx tsc` now fails in the controller that owns that scope (source/ui/controllers/*.ts):
 *      every Controller<Scope> must map each of its scope's ids to {run, disabledReason?}.
 *      Add the handler there; return a `disabledReason` (e.g. "no node selected") instead of
 *      silently doing nothing.
 *   3. A new scope (a new overlay) also needs: an entry in SCOPE_TITLES, the overlay kind in
 *      ui/state/app-state.ts, and its controller spread into the table in ui/App.tsx.
 *   4. Regenerate the readme's key table: node --import tsx scripts/keys-md.ts
 *   A `:` command is a row in core/commands.ts naming an ActionId (`keys: []` for command-only).
 */
export type Scope = 'global' | 'nodes' | 'log' | 'config' | 'detail' | 'task' | 'form' | 'command' | 'help' | 'confirm' | 'dispatch' | 'filter' | 'configEdit' | 'preview' | 'share' | 'reply' | 'sessions' | 'chat' | 'devices' | 'gatewayLog';
export type PaneId = 'nodes' | 'log' | 'config';

type BindingSpec = {
	id: string;
	/** Normalised key names: 'a', 'tab', 'shift+tab', 'ctrl+c', 'return', 'escape', 'up' … An empty list: command-only. */
	keys: readonly string[];
	/** How the key is written in help and hints. */
	label: string;
	desc: string;
	scope: Scope;
	/** Changes something (store, gateway, config): hidden and refused in --readonly. */
	write?: boolean;
	/** Shown in the footer / the overlay's hint line when its scope is active. */
	hint?: string;
};

export const KEYMAP = [
	// global
	{id: 'focus.next', keys: ['tab'], label: 'Tab', desc: 'focus the next pane', scope: 'global', hint: 'pane'},
	{id: 'focus.prev', keys: ['shift+tab'], label: 'S-Tab', desc: 'focus the previous pane', scope: 'global'},
	{id: 'focus.nodes', keys: ['1'], label: '1', desc: 'focus Nodes', scope: 'global'},
	{id: 'focus.log', keys: ['2'], label: '2', desc: 'focus Task log', scope: 'global'},
	{id: 'focus.config', keys: ['3'], label: '3', desc: 'focus Config', scope: 'global'},
	{id: 'help', keys: ['?'], label: '?', desc: 'help: every key', scope: 'global', hint: 'help'},
	{id: 'command', keys: [':'], label: ':', desc: 'command line (:add, :import FILE, :quit …)', scope: 'global', hint: 'cmd'},
	{id: 'dispatch', keys: ['d'], label: 'd', desc: 'dispatch a task', scope: 'global', write: true, hint: 'dispatch'},
	{id: 'quit', keys: ['q', 'ctrl+c'], label: 'q', desc: 'quit (also Ctrl-C)', scope: 'global', hint: 'quit'},
	// like Ctrl-C, Ctrl-Z works in every dialog too (ui/hooks/use-key-router.ts)
	{id: 'suspend', keys: ['ctrl+z'], label: 'C-z', desc: 'suspend to the shell (fg resumes)', scope: 'global'},
	// nodes pane
	{id: 'cursor.up', keys: ['up', 'k'], label: '↑/k', desc: 'select previous node', scope: 'nodes'},
	{id: 'cursor.down', keys: ['down', 'j'], label: '↓/j', desc: 'select next node', scope: 'nodes'},
	{id: 'node.detail', keys: ['return'], label: 'Enter', desc: 'node detail (system, health, agents, devices)', scope: 'nodes', hint: 'detail'},
	{id: 'node.add', keys: ['a'], label: 'a', desc: 'add a node', scope: 'nodes', write: true, hint: 'add'},
	{id: 'node.edit', keys: ['e'], label: 'e', desc: 'edit the selected node', scope: 'nodes', write: true, hint: 'edit'},
	{id: 'node.remove', keys: ['x'], label: 'x', desc: 'remove the selected node (asks first)', scope: 'nodes', write: true, hint: 'remove'},
	{id: 'node.reconnect', keys: ['r'], label: 'r', desc: 'reconnect the selected node now', scope: 'nodes'},
	{id: 'node.trust', keys: ['T'], label: 'T', desc: "trust the selected node's TLS certificate (shows its SHA-256, asks first)", scope: 'nodes', write: true},
	{id: 'token.reveal', keys: ['t'], label: 't', desc: 'show / hide tokens', scope: 'nodes', hint: 'tokens'},
	{id: 'node.copy', keys: ['c'], label: 'c', desc: 'copy the pairing command (openclaw devices approve …) to the clipboard', scope: 'nodes'},
	{id: 'nodes.filter', keys: ['/'], label: '/', desc: 'show only nodes matching words (name, tag or state)', scope: 'nodes'},
	// node detail
	{id: 'detail.close', keys: ['escape', 'return', 'q'], label: 'Esc', desc: 'close the node detail', scope: 'detail', hint: 'close'},
	{id: 'detail.copy', keys: ['c'], label: 'c', desc: 'copy the pairing command to the clipboard', scope: 'detail', hint: 'copy'},
	{id: 'detail.sessions', keys: ['s'], label: 's', desc: "this node's sessions: preview, read, continue, clean up", scope: 'detail', hint: 'sessions'},
	{id: 'detail.log', keys: ['l'], label: 'l', desc: "this gateway's own log (logs.tail, follows)", scope: 'detail', hint: 'log'},
	{id: 'detail.devices', keys: ['p'], label: 'p', desc: 'devices and pairing requests: approve, reject, revoke', scope: 'detail', hint: 'pairing'},
	// a node's sessions, one session's history
	{id: 'sessions.up', keys: ['up', 'k'], label: '↑/k', desc: 'previous session', scope: 'sessions'},
	{id: 'sessions.down', keys: ['down', 'j'], label: '↓/j', desc: 'next session', scope: 'sessions'},
	{id: 'sessions.open', keys: ['return'], label: 'Enter', desc: "read the session's history (chat.history)", scope: 'sessions', hint: 'read'},
	{id: 'sessions.continue', keys: ['r'], label: 'r', desc: 'continue the session: send it a message', scope: 'sessions', write: true, hint: 'reply'},
	{id: 'sessions.filter', keys: ['/'], label: '/', desc: 'filter sessions by regex (leading ! inverts)', scope: 'sessions', hint: 'filter'},
	{id: 'sessions.delete', keys: ['x'], label: 'x', desc: "delete one of this console's own sessions (asks first)", scope: 'sessions', write: true, hint: 'delete'},
	{id: 'sessions.close', keys: ['escape', 'q'], label: 'Esc', desc: 'close the sessions', scope: 'sessions', hint: 'close'},
	{id: 'chat.scroll', keys: ['up', 'down', 'k', 'j', 'pageup', 'pagedown'], label: '↑/↓', desc: 'scroll the history', scope: 'chat', hint: 'scroll'},
	{id: 'chat.continue', keys: ['r'], label: 'r', desc: 'continue the session: send it a message', scope: 'chat', write: true, hint: 'reply'},
	{id: 'chat.close', keys: ['escape', 'q'], label: 'Esc', desc: 'back to the sessions', scope: 'chat', hint: 'back'},
	// reply line (task, session)
	{id: 'reply.send', keys: ['return'], label: 'Enter', desc: 'send it in the same session', scope: 'reply', hint: 'send'},
	{id: 'reply.cancel', keys: ['escape'], label: 'Esc', desc: 'do not send', scope: 'reply', hint: 'cancel'},
	// a gateway's own log
	{id: 'gatewayLog.scroll', keys: ['up', 'down', 'k', 'j', 'pageup', 'pagedown'], label: '↑/↓', desc: 'scroll the gateway log', scope: 'gatewayLog', hint: 'scroll'},
	{id: 'gatewayLog.follow', keys: ['f'], label: 'f', desc: 'follow new lines on / off', scope: 'gatewayLog', hint: 'follow'},
	{id: 'gatewayLog.filter', keys: ['/'], label: '/', desc: 'filter lines by regex (leading ! inverts)', scope: 'gatewayLog', hint: 'filter'},
	{id: 'gatewayLog.close', keys: ['escape', 'q'], label: 'Esc', desc: 'close the gateway log', scope: 'gatewayLog', hint: 'close'},
	// devices and pairing
	{id: 'devices.up', keys: ['up', 'k'], label: '↑/k', desc: 'previous device', scope: 'devices'},
	{id: 'devices.down', keys: ['down', 'j'], label: '↓/j', desc: 'next device', scope: 'devices'},
	{id: 'devices.approve', keys: ['a'], label: 'a', desc: 'approve the pairing request (asks first)', scope: 'devices', write: true, hint: 'approve'},
	{id: 'devices.reject', keys: ['x'], label: 'x', desc: 'reject the request / revoke the device (asks first)', scope: 'devices', write: true, hint: 'reject/revoke'},
	{id: 'devices.close', keys: ['escape', 'q'], label: 'Esc', desc: 'close the devices', scope: 'devices', hint: 'close'},
	// one task's output
	{id: 'task.close', keys: ['escape', 'return', 'q'], label: 'Esc', desc: 'close the task output', scope: 'task', hint: 'close'},
	{id: 'task.scroll', keys: ['up', 'down', 'k', 'j', 'pageup', 'pagedown'], label: '↑/↓', desc: 'scroll the task output', scope: 'task', hint: 'scroll'},
	{id: 'task.cancel', keys: ['x'], label: 'x', desc: 'cancel this task (asks first)', scope: 'task', write: true, hint: 'cancel'},
	{id: 'task.copy', keys: ['c'], label: 'c', desc: "copy the task's output to the clipboard", scope: 'task', hint: 'copy'},
	{id: 'task.reply', keys: ['r'], label: 'r', desc: 'reply in the same session (a follow-up turn)', scope: 'task', write: true, hint: 'reply'},
	// task log pane
	{id: 'log.up', keys: ['up', 'k'], label: '↑/k', desc: 'select previous task', scope: 'log'},
	{id: 'log.down', keys: ['down', 'j'], label: '↓/j', desc: 'select next task', scope: 'log'},
	{id: 'log.pageUp', keys: ['pageup', 'ctrl+b'], label: 'PgUp', desc: 'scroll back one page', scope: 'log'},
	{id: 'log.pageDown', keys: ['pagedown', 'ctrl+f'], label: 'PgDn', desc: 'scroll forward one page', scope: 'log'},
	{id: 'log.follow', keys: ['f'], label: 'f', desc: 'follow new lines on / off', scope: 'log', hint: 'follow'},
	{id: 'log.filter', keys: ['/'], label: '/', desc: 'filter lines by regex (leading ! inverts)', scope: 'log', hint: 'filter'},
	{id: 'log.open', keys: ['return'], label: 'Enter', desc: "open the selected task's full output and tool steps", scope: 'log', hint: 'open'},
	{id: 'log.cancel', keys: ['x'], label: 'x', desc: 'cancel the selected task (asks first; a queued one just leaves the queue)', scope: 'log', write: true, hint: 'cancel'},
	{id: 'log.copy', keys: ['c'], label: 'c', desc: "copy the selected task's output to the clipboard", scope: 'log'},
	{id: 'log.reply', keys: ['r'], label: 'r', desc: "reply in the selected task's session", scope: 'log', write: true, hint: 'reply'},
	{id: 'log.earlier', keys: ['K'], label: 'K', desc: 'move the selected queued task earlier in the queue', scope: 'log', write: true},
	{id: 'log.later', keys: ['J'], label: 'J', desc: 'move the selected queued task later in the queue', scope: 'log', write: true},
	// config pane
	{id: 'config.up', keys: ['up', 'k'], label: '↑/k', desc: 'previous field / finding', scope: 'config'},
	{id: 'config.down', keys: ['down', 'j'], label: '↓/j', desc: 'next field / finding', scope: 'config'},
	{id: 'config.edit', keys: ['return', 'e'], label: 'Enter', desc: 'edit the selected field', scope: 'config', write: true, hint: 'edit'},
	{id: 'config.fix', keys: ['f'], label: 'f', desc: 'preview the fix for the selected finding', scope: 'config', write: true, hint: 'fix'},
	{id: 'config.fixAll', keys: ['F'], label: 'F', desc: 'preview every deterministic fix at once', scope: 'config', write: true},
	{id: 'config.reload', keys: ['r'], label: 'r', desc: 'reload the config file from disk', scope: 'config', hint: 'reload'},
	{id: 'config.share', keys: ['s'], label: 's', desc: "this computer's connection info and import row", scope: 'config', hint: 'share'},
	{id: 'config.reveal', keys: ['t'], label: 't', desc: 'show / hide secrets', scope: 'config'},
	{id: 'config.target', keys: ['o'], label: 'o', desc: "switch to another node's config (admin scope, over RPC)", scope: 'config', hint: 'other'},
	// config field editor, fix preview, connection info
	{id: 'configEdit.choose', keys: ['left', 'right'], label: '←/→', desc: 'pick one of the allowed values', scope: 'configEdit', hint: 'choose'},
	{id: 'configEdit.generate', keys: ['ctrl+g'], label: 'C-g', desc: 'generate a strong secret (token / password)', scope: 'configEdit', hint: 'generate'},
	{id: 'configEdit.save', keys: ['return'], label: 'Enter', desc: 'preview the change as a diff', scope: 'configEdit', hint: 'preview'},
	{id: 'configEdit.cancel', keys: ['escape'], label: 'Esc', desc: 'cancel the edit', scope: 'configEdit', hint: 'cancel'},
	{id: 'preview.apply', keys: ['y'], label: 'y', desc: 'write it (atomic, with a backup beside the file)', scope: 'preview', hint: 'write'},
	{id: 'preview.cancel', keys: ['n', 'escape'], label: 'n/Esc', desc: 'do not write', scope: 'preview', hint: 'cancel'},
	{id: 'preview.scroll', keys: ['up', 'down', 'k', 'j'], label: '↑/↓', desc: 'scroll the diff', scope: 'preview', hint: 'scroll'},
	{id: 'share.close', keys: ['escape', 'q', 'return'], label: 'Esc', desc: 'close connection info', scope: 'share', hint: 'close'},
	{id: 'share.reveal', keys: ['t'], label: 't', desc: 'show / hide the token in the row', scope: 'share', hint: 'token'},
	{id: 'share.copy', keys: ['c'], label: 'c', desc: 'copy the import row to the clipboard (asks first: it holds the token)', scope: 'share', hint: 'copy'},
	// forms and dialogs
	{id: 'form.next', keys: ['tab', 'down'], label: 'Tab/↓', desc: 'next field', scope: 'form', hint: 'next'},
	{id: 'form.prev', keys: ['shift+tab', 'up'], label: 'S-Tab/↑', desc: 'previous field', scope: 'form', hint: 'previous'},
	{id: 'form.submit', keys: ['return'], label: 'Enter', desc: 'save (stays open and marks bad fields)', scope: 'form', hint: 'save'},
	{id: 'form.cancel', keys: ['escape'], label: 'Esc', desc: 'cancel without saving', scope: 'form', hint: 'cancel'},
	{id: 'dispatch.next', keys: ['tab'], label: 'Tab', desc: 'next field (task, target, agent, session)', scope: 'dispatch', hint: 'next'},
	{id: 'dispatch.prev', keys: ['shift+tab'], label: 'S-Tab', desc: 'previous field', scope: 'dispatch'},
	{id: 'dispatch.newline', keys: ['ctrl+j', 'meta+return'], label: 'C-j', desc: 'new line in the task text', scope: 'dispatch', hint: 'new line'},
	{id: 'dispatch.choose', keys: ['left', 'right'], label: '←/→', desc: 'change target / agent / session', scope: 'dispatch', hint: 'change'},
	{id: 'dispatch.send', keys: ['return'], label: 'Enter', desc: 'send the task', scope: 'dispatch', hint: 'send'},
	{id: 'dispatch.cancel', keys: ['escape'], label: 'Esc', desc: 'close without sending', scope: 'dispatch', hint: 'cancel'},
	{id: 'command.complete', keys: ['tab'], label: 'Tab', desc: 'complete the command name', scope: 'command', hint: 'complete'},
	{id: 'command.history', keys: ['up', 'down'], label: '↑/↓', desc: 'earlier commands', scope: 'command'},
	{id: 'command.run', keys: ['return'], label: 'Enter', desc: 'run the command', scope: 'command', hint: 'run'},
	{id: 'command.cancel', keys: ['escape'], label: 'Esc', desc: 'close the command line', scope: 'command', hint: 'close'},
	{id: 'filter.apply', keys: ['return'], label: 'Enter', desc: 'apply the filter (empty clears it)', scope: 'filter', hint: 'apply'},
	{id: 'filter.cancel', keys: ['escape'], label: 'Esc', desc: 'leave the filter unchanged', scope: 'filter', hint: 'cancel'},
	{id: 'confirm.yes', keys: ['y'], label: 'y', desc: 'yes, do it', scope: 'confirm', hint: 'yes'},
	{id: 'confirm.no', keys: ['n', 'escape'], label: 'n/Esc', desc: 'no, keep things as they are', scope: 'confirm', hint: 'no'},
	{id: 'help.close', keys: ['escape', '?', 'q'], label: 'Esc', desc: 'close help', scope: 'help', hint: 'close'},
	{id: 'help.scroll', keys: ['up', 'down', 'k', 'j'], label: '↑/↓', desc: 'scroll help', scope: 'help', hint: 'scroll'},
	// command-only actions (no key; run from the `:` line)
	{id: 'node.import', keys: [], label: ':import', desc: 'import nodes from a markdown table', scope: 'nodes', write: true},
	{id: 'notify', keys: [], label: ':notify', desc: 'bell / desktop notifications on or off', scope: 'global', write: true},
	{id: 'log.batch', keys: [], label: ':batch', desc: 'dispatch every line of FILE as a task', scope: 'log', write: true},
	{id: 'log.route', keys: [], label: ':route', desc: 'show routing (rules, judge, limits)', scope: 'log', write: true},
] as const satisfies readonly BindingSpec[];

type Entry = (typeof KEYMAP)[number];
/** Every action id in the table. */
export type ActionId = Entry['id'];
/** The action ids of one scope. */
export type ScopeActionId<S extends Scope> = Extract<Entry, {scope: S}>['id'];
export type Binding = Omit<BindingSpec, 'id'> & {id: ActionId};

export const BINDINGS: readonly Binding[] = KEYMAP;
export const bindingOf = (id: ActionId): Binding => BINDINGS.find(b => b.id === id)!;


const OVERLAY_SCOPES: readonly Scope[] = ['detail', 'task', 'configEdit', 'preview', 'share', 'form', 'command', 'help', 'confirm', 'dispatch', 'filter', 'reply', 'sessions', 'chat', 'devices', 'gatewayLog'];
export const isOverlayScope = (s: Scope) => OVERLAY_SCOPES.includes(s);

export type KeyContext = {scope: Scope; readonly: boolean};

export type Resolved = {binding: Binding; refused: boolean};

/**
 * Find the binding for a key in the active scope. Pane scopes fall back to the global ones;
 * overlays never do (they own the keyboard). In read-only mode write bindings resolve as
 * refused, so the caller can say why nothing happened.
 */
export function resolveKey(key: string, {scope, readonly}: KeyContext): Resolved | undefined {
	const scopes: Scope[] = isOverlayScope(scope) ? [scope] : [scope, 'global'];
	for (const s of scopes) {
		const b = BINDINGS.find(k => k.scope === s && k.keys.includes(key));
		if (b) return {binding: b, refused: Boolean(readonly && b.write)};
	}
	return undefined;
}

const SCOPE_TITLES: Record<Scope, string> = {
	global: 'Everywhere',
	nodes: 'Nodes pane',
	log: 'Task log pane',
	config: 'Config pane',
	detail: 'Node detail',
	task: 'Task output',
	configEdit: 'Config field editor',
	preview: 'Fix / change preview',
	share: 'Connection info',
	form: 'Node form',
	dispatch: 'Dispatch dialog',
	command: 'Command line',
	filter: 'Filter line',
	sessions: 'Sessions of a node',
	chat: 'Session history',
	reply: 'Reply line',
	gatewayLog: 'Gateway log',
	devices: 'Devices and pairing',
	confirm: 'Confirm dialog',
	help: 'This help',
};

export function visibleBindings(readonly: boolean): Binding[] {
	return BINDINGS.filter(b => !(readonly && b.write));
}

export function helpSections(readonly: boolean): {title: string; scope: Scope; rows: Binding[]}[] {
	const visible = visibleBindings(readonly);
	return (Object.keys(SCOPE_TITLES) as Scope[])
		.map(scope => ({title: SCOPE_TITLES[scope], scope, rows: visible.filter(b => b.scope === scope && b.keys.length > 0)}))
		.filter(s => s.rows.length > 0);
}

/** Footer hints: the active scope's hinted keys, then (for panes) the global ones. */
export function footerHints(scope: Scope, readonly: boolean): {id: ActionId; label: string; hint: string}[] {
	const visible = visibleBindings(readonly).filter(b => b.hint);
	const own = visible.filter(b => b.scope === scope);
	if (isOverlayScope(scope)) return own.map(b => ({id: b.id, label: b.label, hint: b.hint!}));
	const global = visible.filter(b => b.scope === 'global');
	const help = global.filter(b => b.id === 'help');
	return [...help, ...own, ...global.filter(b => b.id !== 'help')].map(b => ({id: b.id, label: b.label, hint: b.hint!}));
}

/** An overlay's own hint line from the table, e.g. "Enter send · Esc cancel". */
export function hintLine(scope: Scope, readonly: boolean, skip: readonly ActionId[] = []): string {
	return footerHints(scope, readonly)
		.filter(h => !skip.includes(h.id))
		.map(h => `${h.label} ${h.hint}`)
		.join(' · ');
}

import {bindingOf, type ActionId} from './keymap.js';

/**
 * The `:` command line: names, arguments, completion. Each command runs an action id of the
 * keymap table (the same handler as its key, with the argument), so read-only and
 * `disabledReason` apply to both alike. `write` comes from the action's binding.
 */
export type CommandSpec = {name: string; aliases?: string[]; args?: string; desc: string; action: ActionId; write?: boolean};

const SPECS: readonly Omit<CommandSpec, 'write'>[] = [
	{name: 'add', desc: 'add a node', action: 'node.add'},
	{name: 'edit', args: '[NAME]', desc: 'edit a node (default: the selected one)', action: 'node.edit'},
	{name: 'remove', args: '[NAME]', desc: 'remove a node (asks first)', action: 'node.remove'},
	{name: 'import', args: 'FILE', desc: 'import nodes from a markdown table (TOOLS.md, MEMORY.md)', action: 'node.import'},
	{name: 'dispatch', args: '[TEXT]', desc: 'dispatch a task', action: 'dispatch'},
	{name: 'batch', args: 'FILE', desc: 'dispatch every line of FILE as a task (or JSONL: node, tags, agent), over the nodes', action: 'log.batch'},
	{name: 'route', args: '[WHAT VALUE]', desc: 'show routing (rules, judge, limits); set LEVEL TARGET, judge NODE|off, limit NODE N|auto', action: 'log.route'},
	{name: 'filter', args: '[REGEX]', desc: 'filter the task log (leading ! inverts; empty clears)', action: 'log.filter'},
	{name: 'nodes', desc: 'focus the Nodes pane', action: 'focus.nodes'},
	{name: 'log', desc: 'focus the Task log pane', action: 'focus.log'},
	{name: 'config', args: '[NODE|local]', desc: "focus the Config pane (a node's config over RPC, or this computer's)", action: 'focus.config'},
	{name: 'reveal', desc: 'show / hide tokens', action: 'token.reveal'},
	{name: 'notify', args: '[bell|desktop|tasks|nodes on|off]', desc: 'bell / desktop notifications on or off (no argument: show the switches)', action: 'notify'},
	{name: 'help', desc: 'show every key and command', action: 'help'},
	{name: 'quit', aliases: ['q', 'exit'], desc: 'quit mgw-tui', action: 'quit'},
];

export const COMMANDS: readonly CommandSpec[] = SPECS.map(c => ({...c, write: Boolean(bindingOf(c.action).write)}));

export type ParsedCommand = {spec: CommandSpec; arg: string} | {error: string} | undefined;

export function parseCommand(line: string, readonly: boolean): ParsedCommand {
	const text = line.trim().replace(/^:/, '');
	if (!text) return undefined;
	const m = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
	const word = m[1]!.toLowerCase();
	const spec = COMMANDS.find(c => c.name === word || c.aliases?.includes(word));
	if (!spec) {
		const guesses = completeCommand(word, readonly);
		return {error: `unknown command ":${word}"${guesses.length ? ` (did you mean ${guesses.map(g => ':' + g).join(', ')}?)` : ''}`};
	}
	if (readonly && spec.write) return {error: `read-only mode: ":${spec.name}" changes things and is refused`};
	const arg = m[2]!.trim();
	if (spec.args && !spec.args.startsWith('[') && !arg) return {error: `:${spec.name} needs ${spec.args}`};
	return {spec, arg};
}

/** Command names (not aliases) that start with `prefix`, read-only aware. */
export function completeCommand(prefix: string, readonly: boolean): string[] {
	const p = prefix.replace(/^:/, '').toLowerCase();
	return COMMANDS.filter(c => !(readonly && c.write) && c.name.startsWith(p)).map(c => c.name);
}

/** Tab completion of the whole line: completes the first word when it is unambiguous or to the common prefix. */
export function completeLine(line: string, readonly: boolean): string {
	if (/\s/.test(line.trim()) || line.endsWith(' ')) return line;
	const matches = completeCommand(line, readonly);
	if (matches.length === 0) return line;
	if (matches.length === 1) return matches[0] + ' ';
	let common = matches[0]!;
	for (const m of matches) while (!m.startsWith(common)) common = common.slice(0, -1);
	return common.length > line.length ? common : line;
}

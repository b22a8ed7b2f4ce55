import React from 'react';
import {Box, Text} from 'ink';
import {wrap, truncate} from '../../core/width.js';
import {route, type Candidate} from '../../core/routing.js';
import {STATE_LOOK} from '../../core/node-state.js';
import {Pane} from '../components/Pane.js';
import {bindingOf, hintLine} from '../../core/keymap.js';
import {useTheme} from '../theme.js';

export const SESSION_WORDS = {new: 'new session for this task', main: "the agent's main session"} as const;

/** Target choices: auto, each node, all (broadcast). */
export const targetOptions = (names: readonly string[]) => ['auto', ...names, 'all'];

type Props = {
	text: string;
	field: number;
	targets: string[];
	target: number;
	agents: string[];
	agent: number;
	session: 'new' | 'main';
	candidates: Candidate[];
	sending: boolean;
	width: number;
	height: number;
};

/** The dispatch dialog: task text, target, agent, session, and a live "why this node" line. */
export function DispatchDialog({text, field, targets, target, agents, agent, session, candidates, sending, width, height}: Props) {
	const theme = useTheme();
	const inner = width - 4;
	const t = targets[target] ?? 'auto';
	let why: string;
	if (t === 'auto') {
		const r = route(text, candidates);
		why = r.ok ? r.reason : `✖ ${r.reason}`;
	} else if (t === 'all') {
		why = `→ every online node (${candidates.filter(c => c.state === 'online' || c.state === 'degraded').length})`;
	} else {
		const c = candidates.find(x => x.name === t);
		why = c ? `→ ${t}: ${STATE_LOOK[c.state].glyph} ${STATE_LOOK[c.state].word}` : `→ ${t}`;
	}
	// a tab is kept in the text and shown as four spaces (a terminal would jump to its own tab stop)
	const textLines = wrap(text.replaceAll('\t', '    ') + (field === 0 ? '▏' : ''), inner - 2);
	const maxText = Math.max(1, height - 12);
	const shown = textLines.slice(-maxText);
	const choice = (i: number, label: string, value: string) => (
		<Text wrap="truncate" bold={field === i}>
			{(field === i ? '› ' : '  ') + label.padEnd(9)}
			<Text inverse={field === i}>{truncate(`‹ ${value} ›`, inner - 11)}</Text>
		</Text>
	);
	return (
		<Pane title="Dispatch a task" status={sending ? 'sending…' : hintLine('dispatch', false, ['dispatch.next', 'dispatch.choose', 'dispatch.newline'])} width={width} height={height} focused>
			<Box flexDirection="column">
				<Text bold={field === 0}>{field === 0 ? `› Task (${bindingOf('dispatch.newline').label} new line)` : '  Task'}</Text>
				{shown.map((l, i) => (
					<Text key={i} wrap="truncate">
						{'  ' + l}
					</Text>
				))}
				<Text> </Text>
				{choice(1, 'Target', t)}
				{choice(2, 'Agent', agents[agent] ?? 'default')}
				{choice(3, 'Session', SESSION_WORDS[session])}
				<Text> </Text>
				<Text wrap="truncate" color={why.startsWith('✖') ? theme.bad : theme.accent}>
					{truncate(why, inner)}
				</Text>
				<Text dimColor={theme.dim} wrap="truncate">
					{truncate(`${hintLine('dispatch', false, ['dispatch.send', 'dispatch.cancel', 'dispatch.newline'])} · @tag in the text requires that tag`, inner)}
				</Text>
			</Box>
		</Pane>
	);
}

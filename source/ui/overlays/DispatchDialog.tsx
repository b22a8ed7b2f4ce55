import React from 'react';
import {Box, Text} from 'ink';
import {wrap, wrapWords, truncate} from '../../core/width.js';
import {candidateLine, DEFAULT_RULES, route, type Candidate, type RoutingRules} from '../../core/routing.js';
import {describeJudgement} from '../../core/judge.js';
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
	/** The level rules and the judge node (settings). */
	rules?: RoutingRules;
	judge?: string | null;
	sending: boolean;
	width: number;
	height: number;
};

/** Why-lines for the preview: the winner (or why none), the judgement and rule, then every candidate with its score and terms. */
export function previewLines(text: string, target: string, candidates: readonly Candidate[], rules: RoutingRules = DEFAULT_RULES, judge?: string | null): {why: string; info: string[]} {
	if (target === 'all') return {why: `→ every online node (${candidates.filter(c => c.state === 'online' || c.state === 'degraded').length})`, info: []};
	const r = route(text, candidates, {rules, only: target === 'auto' ? undefined : target});
	const why = r.ok ? (target === 'auto' ? r.reason : r.reason.replace(`→ ${target}: `, `→ ${target}: chosen by you, `)) : `${r.wait === 'never' ? '✖' : '⏸ queued:'} ${r.reason}`;
	const asks = judge && target === 'auto' && candidates.some(c => c.name === judge) ? ` · ${judge}'s agent is asked on send` : '';
	const rule = rules[r.judgement.level];
	const info = [`Judged ${describeJudgement(r.judgement)} · rule ${r.judgement.level} → ${rule.replace(/^tag:/, '')}${asks}`, ...r.ranked.map((x, i) => candidateLine(x, r.ok && i === 0))];
	return {why, info};
}

/** The dispatch dialog: task text, target, agent, session, and a live "why this node": every candidate scored. */
export function DispatchDialog({text, field, targets, target, agents, agent, session, candidates, rules, judge, sending, width, height}: Props) {
	const theme = useTheme();
	const inner = width - 4;
	const t = targets[target] ?? 'auto';
	const {why, info} = text.trim() || t !== 'auto' ? previewLines(text, t, candidates, rules, judge) : {why: '→ type the task: its complexity and every node\'s score show here', info: []};
	const whyLines = wrapWords(why, inner);
	const infoLines = info.flatMap(l => wrapWords(l, inner - 4).map((x, i) => (i === 0 ? x : '    ' + x)));
	// a tab is kept in the text and shown as four spaces (a terminal would jump to its own tab stop)
	const textLines = wrap(text.replaceAll('\t', '    ') + (field === 0 ? '▏' : ''), inner - 2);
	const room = Math.max(3, height - 8);
	const shown = textLines.slice(-Math.max(1, Math.min(textLines.length, room - whyLines.length - Math.min(infoLines.length, 4))));
	const infoRoom = Math.max(0, room - shown.length - whyLines.length);
	const infoShown = infoLines.length > infoRoom ? [...infoLines.slice(0, Math.max(0, infoRoom - 1)), `… ${infoLines.length - infoRoom + 1} more lines (the task view lists them all)`] : infoLines;
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
				{whyLines.map((l, i) => (
					<Text key={`w${i}`} wrap="truncate" color={why.startsWith('✖') ? theme.bad : why.startsWith('⏸') ? theme.warn : theme.accent}>
						{l}
					</Text>
				))}
				{infoShown.slice(0, infoRoom).map((l, i) => (
					<Text key={`i${i}`} wrap="truncate" dimColor={theme.dim && !l.startsWith('›')}>
						{truncate(l, inner)}
					</Text>
				))}
				<Text dimColor={theme.dim} wrap="truncate">
					{truncate(`${hintLine('dispatch', false, ['dispatch.send', 'dispatch.cancel', 'dispatch.newline'])} · @tag in the text requires that tag`, inner)}
				</Text>
			</Box>
		</Pane>
	);
}

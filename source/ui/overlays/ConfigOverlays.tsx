import React from 'react';
import {Box, Text} from 'ink';
import {FIELD_HELP, SECRET_FIELDS} from '../../core/gateway-schema.js';
import {clipLong, diffLines} from '../../core/diff.js';
import {maskLine} from '../../core/mask.js';
import {truncate, wrap, wrapWords} from '../../core/width.js';
import type {PreviewPlan} from '../../core/config-target.js';
import {Pane} from '../components/Pane.js';
import {hintLine} from '../../core/keymap.js';
import {useTheme} from '../theme.js';

export function ConfigEdit({field, text, choices, width, reveal}: {field: string; text: string; choices?: string[]; width: number; reveal: boolean}) {
	const theme = useTheme();
	const secret = SECRET_FIELDS.includes(field);
	const shown = secret && !reveal ? '•'.repeat(Math.min(text.length, 32)) : text;
	const help = wrapWords(FIELD_HELP[field] ?? '', width - 4);
	const hints = wrapWords(
		choices
			? `${choices.join(' · ')} · ${hintLine('configEdit', false, ['configEdit.generate'])}`
			: `empty removes the key · ${hintLine('configEdit', false, secret ? ['configEdit.choose'] : ['configEdit.choose', 'configEdit.generate'])}`,
		width - 4,
	);
	return (
		<Pane title={`Edit gateway.${field}`} width={width} height={7 + help.length + hints.length} focused>
			<Box flexDirection="column">
				{help.map((l, i) => (
					<Text key={i}>{l}</Text>
				))}
				<Text> </Text>
				<Text wrap="truncate">
					{'value: '}
					<Text inverse>{truncate(choices ? `‹ ${text} ›` : shown + '▏', width - 12)}</Text>
				</Text>
				<Text> </Text>
				{hints.map((l, i) => (
					<Text key={`h${i}`} dimColor={theme.dim}>
						{l}
					</Text>
				))}
			</Box>
		</Pane>
	);
}

/** A diff of what will be written and the start-up verdict, before the confirm; secrets are masked unless revealed. */
export function Preview({title, plan, secrets, scroll, reveal, width, height, remote}: {title: string; plan: PreviewPlan; secrets: {token?: string; password?: string}; scroll: number; reveal: boolean; width: number; height: number; remote: boolean}) {
	const theme = useTheme();
	const hide = reveal ? [] : [secrets.token, secrets.password].filter((s): s is string => Boolean(s));
	const show = (t: string) => (reveal ? t : maskLine(t, hide));
	const lines = clipLong(diffLines(plan.before, plan.next), (width - 6) * 3).flatMap(l => wrap(`${l.kind} ${show(l.text)}`, width - 4).map(t => ({kind: l.kind, t})));
	const head = [...(plan.note ? wrapWords(plan.note, width - 4) : []), ...wrapWords(show(plan.verdict), width - 4).slice(0, 3)];
	const room = Math.max(1, height - 5 - head.length);
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	return (
		<Pane title={title} status={remote ? 'config.patch with baseHash' : 'atomic write + backup'} width={width} height={height} focused>
			<Box flexDirection="column">
				{lines.slice(start, start + room).map((l, i) => (
					<Text key={i} wrap="truncate" color={l.kind === '+' ? theme.ok : l.kind === '-' ? theme.bad : undefined} dimColor={l.kind === ' ' && theme.dim}>
						{l.t}
					</Text>
				))}
				<Text> </Text>
				{head.map((l, i) => (
					<Text key={`v${i}`} bold wrap="truncate" color={plan.starts ? theme.ok : theme.bad}>
						{l}
					</Text>
				))}
				<Text bold wrap="truncate">
					{truncate(`Write this${plan.file ? ` to ${plan.file}` : ''}? ${hintLine('preview', false)}`, width - 4)}
				</Text>
			</Box>
		</Pane>
	);
}

/** Connection info about one computer (this one, or the node whose config is open); table rows wrap, never cut. */
export function Share({lines: raw, reveal, width, height}: {lines: string[]; reveal: boolean; width: number; height: number}) {
	const theme = useTheme();
	const lines = [...raw, '', `${reveal ? 'the token is shown' : 'the token is masked'} · ${hintLine('share', false)}`].flatMap(l => (l.startsWith('|') ? wrap(l, width - 4) : wrapWords(l, width - 4))).map(l => l || ' '); // an empty Text has no height
	return (
		<Pane title="Connection info for the main computer" width={width} height={Math.min(height, lines.length + 2)} focused>
			<Box flexDirection="column">
				{lines.slice(0, Math.max(1, height - 2)).map((l, i) => (
					<Text key={i} wrap="truncate" color={l.startsWith('⚠') ? theme.warn : undefined}>
						{l}
					</Text>
				))}
			</Box>
		</Pane>
	);
}

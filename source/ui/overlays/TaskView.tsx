import React from 'react';
import {Box, Text} from 'ink';
import type {Task} from '../../core/tasks.js';
import {wrap, truncate} from '../../core/width.js';
import {sanitizeLine} from '../../core/sanitize.js';
import {formatDuration} from '../../core/format.js';
import {Pane} from '../components/Pane.js';
import {hintLine} from '../../core/keymap.js';

/** One task: where it ran and why, its tool steps and its full output (already sanitised). */
export function taskLines(t: Task, cols: number): string[] {
	const lines = [
		`Node     ${t.node}${t.external ? ' (external run)' : ''}`,
		`State    ${t.state}${t.error ? ` — ${t.error}` : ''}${t.endedAt && t.acceptedAt ? ` · ${formatDuration(t.endedAt - t.acceptedAt)}` : ''}`,
		`Session  ${t.sessionKey ?? '—'}${t.agentId ? ` · agent ${t.agentId}` : ''}`,
		`Why      ${t.reason ?? '—'}`,
		`Task     ${sanitizeLine(t.message)}`,
		`Tools    ${t.tools.length ? '' : '—'}`,
		...t.tools.map(s => `  ⚙ ${s.name} ${s.phase}${s.detail ? ` ${s.detail}` : ''}`),
		'Output',
	];
	return [...lines.flatMap(l => wrap(l, cols)), ...wrap(t.text || '(nothing yet)', cols).map(l => l)];
}

export function TaskView({task, width, height, scroll, readonly}: {task: Task; width: number; height: number; scroll: number; readonly: boolean}) {
	const all = taskLines(task, width - 4);
	const room = height - 2;
	const start = Math.max(0, Math.min(scroll, all.length - room));
	return (
		<Pane title={`Task ${task.id.slice(0, 12)}`} status={`${start + 1}–${Math.min(all.length, start + room)} of ${all.length} · ${hintLine('task', readonly)}`} width={width} height={height} focused>
			<Box flexDirection="column">
				{all.slice(start, start + room).map((l, i) => (
					<Text key={i} wrap="truncate">
						{truncate(l, width - 4)}
					</Text>
				))}
			</Box>
		</Pane>
	);
}

import React from 'react';
import {Box, Text} from 'ink';
import type {Task} from '../../core/tasks.js';
import {wrap, wrapWords, truncate} from '../../core/width.js';
import {wrapCached} from '../../core/long-text.js';
import {sanitizeLine} from '../../core/sanitize.js';
import {formatDuration} from '../../core/format.js';
import {Pane} from '../components/Pane.js';
import {hintLine} from '../../core/keymap.js';

/** Earlier turns of the same session (follow-ups), the last three: what was asked and answered before this task. */
function earlierLines(earlier: readonly Task[], cols: number): string[] {
	if (!earlier.length) return [];
	const turns = earlier.slice(-3).flatMap(t => [...wrap(`you › ${sanitizeLine(t.message)}`, cols), ...wrap(`agent › ${sanitizeLine(t.text) || `(${t.state})`}`, cols)]);
	return [`Earlier  ${earlier.length} turn${earlier.length === 1 ? '' : 's'} in this session${earlier.length > 3 ? ' (last 3)' : ''}`, ...turns];
}

/** One task: where it ran and why, its tool steps and its full output (already sanitised). */
export function taskLines(t: Task, cols: number, earlier: readonly Task[] = []): string[] {
	const lines = [
		`Node     ${t.node}${t.external ? ' (external run)' : ''}`,
		`State    ${t.state}${t.error ? ` — ${t.error}` : ''}${t.endedAt && t.acceptedAt ? ` · ${formatDuration(t.endedAt - t.acceptedAt)}` : ''}`,
		`Session  ${t.sessionKey ?? '—'}${t.agentId ? ` · agent ${t.agentId}` : ''}`,
		...(t.queuedWhy && t.state === 'queued' ? [`Waits    ${t.queuedWhy}`] : []),
		`Why      ${t.reason ?? '—'}`,
		...(t.judged ? [`Judged   ${t.judged}`] : []),
		...(t.candidates?.length ? ['Nodes    every candidate: score and the terms that made it', ...t.candidates] : []),
		`Task     ${sanitizeLine(t.message)}`,
		`Tools    ${t.tools.length ? '' : '—'}`,
		...t.tools.map(s => `  ⚙ ${s.name} ${s.phase}${s.detail ? ` ${s.detail}` : ''}`),
	];
	// the answer can be 200 000 characters on one line: wrapped once per text and width, not per render
	return [...lines.flatMap(l => wrapWords(l, cols)), ...earlierLines(earlier, cols), ...wrap('Output', cols), ...wrapCached(t.text || '(nothing yet)', cols)];
}

/** Earlier turns of the same session (follow-ups): what was asked and answered, before this task. */

export function TaskView({task, earlier = [], width, height, scroll, readonly}: {task: Task; earlier?: readonly Task[]; width: number; height: number; scroll: number; readonly: boolean}) {
	const all = taskLines(task, width - 4, earlier);
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

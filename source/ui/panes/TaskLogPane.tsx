import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {TasksState} from '../../core/tasks.js';
import {shortId} from '../../core/tasks.js';
import {parseFilter} from '../../core/log-ring.js';
import {visibleRows} from '../../core/log-view.js';
import {sanitizeLine} from '../../core/sanitize.js';
import {truncate} from '../../core/width.js';
import {batchLines} from '../../core/batch.js';
import {bindingOf} from '../../core/keymap.js';
import {useTheme, type Theme} from '../theme.js';

const STATE_WORD: Record<string, string> = {queued: '⏸ queued', sending: '… sending', running: '▶ running', reconnecting: '↻ reconnecting', cancelling: '… cancelling', done: '✔ done', failed: '✖ failed', cancelled: '✖ cancelled'};

const kindColor = (t: Theme, k: string) => (k === 'done' ? t.ok : k === 'error' ? t.bad : k === 'warn' ? t.warn : k === 'route' ? t.accent : undefined);

type Props = {
	tasks?: TasksState;
	/** Tasks version of the last coalesced update: the log's lines only change with it, so a keypress redraws just what it changed. */
	version: number;
	width: number;
	height: number;
	follow: boolean;
	scroll: number;
	filter?: string;
	selected?: string;
	focused: boolean;
	/** A batch started with :batch — a progress line per node above the log. */
	batch?: {file: string; ids: string[]};
};

/** The merged live log of every node's tasks, with the selected task on the first line. */
export function TaskLogPane({tasks, version, width, height, follow, scroll, filter, selected, focused, batch}: Props) {
	const theme = useTheme();
	const sel = selected ? tasks?.tasks.get(selected) : undefined;
	const showHead = focused || sel !== undefined;
	// at most half the pane for the batch lines, the log keeps the rest
	const progress = batch && tasks ? batchLines(tasks, batch.ids, batch.file).slice(0, Math.max(1, Math.floor(height / 2))) : [];
	const room = Math.max(1, height - (showHead ? 1 : 0) - progress.length);
	// Hooks before any early return: the first external run must not change the hook order.
	const rows = useMemo(() => {
		if (!tasks) return [];
		const f = filter ? parseFilter(filter) : undefined;
		return visibleRows(tasks.log, {cols: width, rows: room, skip: follow ? 0 : scroll, filter: f && !('error' in f) ? f : undefined}).rows;
		// eslint-disable-next-line react-hooks/exhaustive-deps -- `version` changes when the (mutable) log does
	}, [tasks, version, width, room, follow, scroll, filter]);
	if (!tasks || (tasks.order.length === 0 && tasks.log.size === 0)) {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate">{`No tasks yet. Press ${bindingOf('dispatch').label} to dispatch one (routing explains its choice).`}</Text>
				<Text wrap="truncate" dimColor={theme.dim}>
					Runs started elsewhere on your nodes show up here too, marked external.
				</Text>
			</Box>
		);
	}
	const head = sel
		? `${focused ? '›' : ' '} ${shortId(sel.id)} ${sel.node} ${STATE_WORD[sel.state] ?? sel.state}${sel.external ? ' (external)' : ''} "${sanitizeLine(sel.message)}"`
		: `  ${bindingOf('log.up').label} ${bindingOf('log.down').label} select a task`;
	return (
		<Box flexDirection="column">
			{showHead ? (
				<Text wrap="truncate" bold>
					{truncate(head, width)}
				</Text>
			) : null}
			{progress.map((l, i) => (
				<Text key={`b${i}`} wrap="truncate" color={i === 0 ? theme.accent : undefined}>
					{truncate(l, width)}
				</Text>
			))}
			{rows.map((r, i) => (
				<Text key={i} wrap="truncate" color={kindColor(theme, r.kind)} bold={sel !== undefined && r.task === shortId(sel.id) && r.first}>
					{truncate(r.text, width)}
				</Text>
			))}
		</Box>
	);
}

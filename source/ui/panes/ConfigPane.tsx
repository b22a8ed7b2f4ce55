import React from 'react';
import {Box, Text} from 'ink';
import type {ConfigView} from '../../core/config-target.js';
import {configRows} from '../../core/config-rows.js';
import {fit, truncate, wrapWords} from '../../core/width.js';
import {useTheme} from '../theme.js';

type Props = {view?: ConfigView; error?: string; loading: boolean; target: string; row: number; reveal: boolean; focused: boolean; width: number; height: number};

/** The gateway section of openclaw.json: fields with their meaning, and every finding with its fix. */
export const ConfigPane = React.memo(function ConfigPane({view, error, loading, target, row, reveal, focused, width, height}: Props) {
	const theme = useTheme();
	if (error) return <Text wrap="truncate" color={theme.bad}>{truncate(`✖ ${target}: ${error}`, width)}</Text>;
	if (!view) return <Text wrap="truncate">{loading ? 'loading…' : 'no config'}</Text>;
	if (!view.exists) {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(`${view.where}: no such file — this computer has no OpenClaw gateway config.`, width)}</Text>
				<Text wrap="truncate">Set OPENCLAW_CONFIG_PATH / OPENCLAW_STATE_DIR, start with --profile NAME, or o for a node's config.</Text>
			</Box>
		);
	}
	if (view.error) {
		const where = view.error.line ? `${view.where}:${view.error.line}:${view.error.column}` : view.where;
		return (
			<Box flexDirection="column">
				{wrapWords(`✖ ${where}: ${view.error.message} — OpenClaw cannot read it either; fix it by hand, then r`, width)
					.slice(0, height)
					.map((l, i) => (
						<Text key={i} color={theme.bad} wrap="truncate">
							{l}
						</Text>
					))}
			</Box>
		);
	}
	const {rows, findings} = configRows(view, reveal);
	const errors = findings.filter(f => f.severity === 'error').length;
	const warns = findings.length - errors;
	const client = findings.some(f => f.code === 'MODE_REMOTE');
	const head = `${errors ? `✖ ${errors} problem${errors > 1 ? 's' : ''}` : client ? '○ client only (mode remote)' : '✔ the gateway would start'}${warns ? ` · ⚠ ${warns}` : ''} · ${view.where}${view.source ? ` (${view.source})` : ''}`;
	const sel = rows[Math.min(row, rows.length - 1)];
	const explain = sel?.kind === 'field' ? (sel.finding ? `${sel.finding.message}${sel.finding.fix ? ` — f: ${sel.finding.fix.explain}` : ''}` : sel.help) : sel ? `${sel.finding.message}${sel.finding.fix ? ` — f: ${sel.finding.fix.explain}` : ''}` : '';
	// the selected finding / field help wraps; up to half the pane (at least 2 lines), the rest stays for the rows
	const explainAll = focused && height > 4 ? wrapWords(explain, width) : [];
	const explainMax = Math.max(2, Math.floor((height - 1) / 2));
	const explainLines = explainAll.length > explainMax ? [...explainAll.slice(0, explainMax - 1), truncate(explainAll.slice(explainMax - 1).join(' '), width)] : explainAll;
	const room = Math.max(1, height - 1 - explainLines.length);
	const start = Math.max(0, Math.min(row - room + 1, rows.length - room));
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" bold color={errors ? theme.bad : theme.ok}>
				{truncate(head, width)}
			</Text>
			{rows.slice(start, start + room).map((r, i) => {
				const isSel = focused && start + i === row;
				const mark = isSel ? '›' : ' ';
				if (r.kind === 'field') {
					const bad = r.finding ? (r.finding.severity === 'error' ? ' ✖' : ' ⚠') : '';
					return (
						<Text key={r.field} wrap="truncate" inverse={isSel} color={!isSel && r.finding?.severity === 'error' ? theme.bad : undefined}>
							{truncate(`${mark} ${fit(r.field, 15)} ${r.value}${bad}`, width)}
						</Text>
					);
				}
				const f = r.finding;
				return (
					<Text key={`f${i}`} wrap="truncate" inverse={isSel} color={!isSel ? (f.severity === 'error' ? theme.bad : theme.warn) : undefined}>
						{truncate(`${mark} ${f.severity === 'error' ? '✖' : '⚠'} ${f.path.slice(1).join('.') || 'gateway'}: ${f.message}`, width)}
					</Text>
				);
			})}
			{explainLines.map((l, i) => (
				<Text key={`e${i}`} dimColor={theme.dim} wrap="truncate">
					{l}
				</Text>
			))}
		</Box>
	);
});

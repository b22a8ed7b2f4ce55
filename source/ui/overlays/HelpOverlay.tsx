import React from 'react';
import {Box, Text} from 'ink';
import {helpSections, hintLine} from '../../core/keymap.js';
import {COMMANDS} from '../../core/commands.js';
import {fit, truncate} from '../../core/width.js';
import {Pane} from '../components/Pane.js';

/** Every binding of the keymap table (minus write actions in read-only mode), then the `:` commands. */
export function helpLines(readonly: boolean): string[] {
	const lines: string[] = [];
	for (const s of helpSections(readonly)) {
		lines.push(`[${s.title}]`);
		for (const b of s.rows) lines.push(`  ${fit(b.label, 9)} ${b.desc}`);
	}
	lines.push('[Commands after :]');
	for (const c of COMMANDS) {
		if (readonly && c.write) continue;
		lines.push(`  ${fit(':' + c.name + (c.args ? ' ' + c.args : ''), 18)} ${c.desc}`);
	}
	lines.push('');
	lines.push('A node is one OpenClaw gateway on one computer; OpenClaw\'s paired "nodes" show as devices in a node\'s detail.');
	return lines;
}

export function HelpOverlay({width, height, scroll, readonly}: {width: number; height: number; scroll: number; readonly: boolean}) {
	const lines = helpLines(readonly);
	const room = height - 2;
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	const shown = lines.slice(start, start + room);
	return (
		<Pane title="Help" status={`${start + 1}–${start + shown.length} of ${lines.length} · ${hintLine('help', readonly)}`} width={width} height={height} focused>
			<Box flexDirection="column">
				{shown.map((l, i) => (
					<Text key={i} bold={l.startsWith('[')} wrap="truncate">
						{truncate(l, width - 4)}
					</Text>
				))}
			</Box>
		</Pane>
	);
}

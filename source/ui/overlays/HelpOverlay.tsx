import React from 'react';
import {Box, Text} from 'ink';
import {helpSections, hintLine} from '../../core/keymap.js';
import {COMMANDS} from '../../core/commands.js';
import {width as cells, wrapField, wrapWords} from '../../core/width.js';
import {Pane} from '../components/Pane.js';

/** One screen row of the help: a section title, or a (wrapped) part of an entry. */
export type HelpRow = {text: string; heading?: boolean};

/** Where the description starts: after "  <key label> " and after "  :<command> [ARGS] ". */
const KEY_COLUMN = 12;
const COMMAND_COLUMN = 21;

/**
 * A label and its description in `inner` cells: the label in its column, the description
 * word-wrapped beside it with continuation rows indented to where it starts. A label too long
 * for its column gets a row (or rows) of its own, the description below it in the same column.
 */
function entry(label: string, desc: string, inner: number, column: number): string[] {
	const head = `  ${label}`;
	if (cells(head) < column) return wrapField(head, desc, inner, column);
	return [...wrapWords(label, Math.max(1, inner - 2)).map(l => `  ${l}`), ...wrapField('', desc, inner, column)];
}

/**
 * Every binding of the keymap table (minus write actions in read-only mode), then the `:`
 * commands, as the rows they take in a pane `inner` cells wide: nothing is cut, long
 * descriptions wrap with a hanging indent under the description column.
 */
export function helpRows(readonly: boolean, inner: number): HelpRow[] {
	const rows: HelpRow[] = [];
	const add = (lines: string[], heading = false) => rows.push(...lines.map(text => ({text, heading})));
	for (const s of helpSections(readonly)) {
		add(wrapWords(`[${s.title}]`, inner), true);
		for (const b of s.rows) add(entry(b.label, b.desc, inner, KEY_COLUMN));
	}
	add(['[Commands after :]'], true);
	for (const c of COMMANDS) {
		if (readonly && c.write) continue;
		add(entry(':' + c.name + (c.args ? ' ' + c.args : ''), c.desc, inner, COMMAND_COLUMN));
	}
	add(['']);
	add(wrapWords('A node is one OpenClaw gateway on one computer; OpenClaw\'s paired "nodes" show as devices in a node\'s detail.', inner));
	return rows;
}

export function HelpOverlay({width, height, scroll, readonly}: {width: number; height: number; scroll: number; readonly: boolean}) {
	// inside the border and the pane's padding
	const rows = helpRows(readonly, Math.max(1, width - 4));
	const room = height - 2;
	const start = Math.max(0, Math.min(scroll, rows.length - room));
	const shown = rows.slice(start, start + room);
	return (
		<Pane title="Help" status={`${start + 1}–${start + shown.length} of ${rows.length} · ${hintLine('help', readonly)}`} width={width} height={height} focused>
			<Box flexDirection="column">
				{shown.map((r, i) => (
					// an empty Text takes no row in Ink: a space keeps the blank line
					<Text key={i} bold={r.heading} wrap="truncate">
						{r.text || ' '}
					</Text>
				))}
			</Box>
		</Pane>
	);
}

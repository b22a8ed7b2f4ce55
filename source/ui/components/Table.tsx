import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {fit} from '../../core/width.js';
import {layoutColumns, type ColumnSpec} from '../../core/table-layout.js';
import {useTheme} from '../theme.js';

export type TableRow = {id: string; cells: Record<string, string>; colors?: Record<string, string | undefined>};

type Props = {
	columns: readonly ColumnSpec[];
	rows: readonly TableRow[];
	width: number;
	/** Lines available, header included. */
	height: number;
	selected?: number;
	focused?: boolean;
	/** Rows the column widths are measured on (default `rows`): all of them when `rows` is a filtered few, so columns stay put. */
	measure?: readonly TableRow[];
};

/**
 * A table whose cells are measured in display cells (string-width): `AI电脑` (6 cells, 4
 * code points) lines up with ASCII names. Cells are truncated with `…`, never wrapped;
 * the selected row is marked with `›` and inverse video, so it shows without colour.
 */
export function Table({columns, rows, width, height, selected = -1, focused = false, measure = rows}: Props) {
	const theme = useTheme();
	const inner = Math.max(1, width - 2);
	const laid = useMemo(() => layoutColumns(columns, measure.map(r => r.cells), inner), [columns, measure, inner]);
	const fits = rows.length <= height - 1;
	const room = Math.max(1, fits ? height - 1 : height - 2);
	const start = selected >= room ? Math.max(0, Math.min(selected - room + 1, rows.length - room)) : 0;
	const visible = rows.slice(start, start + room);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{'  ' + laid.map(c => fit(c.spec.title, c.width, c.spec.align)).join(' ')}
			</Text>
			{visible.map((row, i) => {
				const isSel = start + i === selected;
				return (
					<Text key={row.id} wrap="truncate" inverse={isSel && focused}>
						{isSel ? '› ' : '  '}
						{laid.map((c, j) => (
							<Text key={c.spec.key} color={row.colors?.[c.spec.key] && !(isSel && focused) ? row.colors[c.spec.key] : undefined}>
								{(j ? ' ' : '') + fit(row.cells[c.spec.key] ?? '', c.width, c.spec.align)}
							</Text>
						))}
					</Text>
				);
			})}
			{!fits ? (
				<Text dimColor={theme.dim} wrap="truncate">
					{`  ${start + 1}–${Math.min(rows.length, start + room)} of ${rows.length}`}
				</Text>
			) : null}
		</Box>
	);
}

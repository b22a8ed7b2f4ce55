import React, {type ReactNode} from 'react';
import {Box} from 'ink';
import {computeLayout} from '../core/layout.js';
import type {PaneId} from '../core/keymap.js';
import {Pane} from './components/Pane.js';

type PaneDef = {id: PaneId; index: number; title: string; status?: string; render: (w: number, h: number) => ReactNode};

/** Lays out the three panes (or an overlay in their place) for the terminal size. */
export function Screen({cols, rows, focus, panes, overlay, nodes: nodeCount}: {cols: number; rows: number; focus: PaneId; panes: PaneDef[]; overlay?: (w: number, h: number) => ReactNode; nodes: number}) {
	const layout = computeLayout(cols, rows, focus, {nodes: nodeCount});
	if (overlay) {
		return (
			<Box width={layout.body.width} height={layout.body.height} flexDirection="column">
				{overlay(layout.body.width, layout.body.height)}
			</Box>
		);
	}
	const pane = (p: PaneDef) => {
		const r = layout.panes[p.id];
		return (
			<Pane key={p.id} index={p.index} title={p.title} status={p.status} width={r.width} height={r.height} focused={focus === p.id}>
				{p.render(r.width - 4, r.height - 2)}
			</Pane>
		);
	};
	const [nodes, log, config] = panes as [PaneDef, PaneDef, PaneDef];
	if (layout.kind === 'wide') {
		return (
			<Box width={layout.body.width} height={layout.body.height}>
				{pane(nodes)}
				<Box flexDirection="column">
					{pane(log)}
					{pane(config)}
				</Box>
			</Box>
		);
	}
	return (
		<Box width={layout.body.width} height={layout.body.height} flexDirection="column">
			{pane(nodes)}
			{pane(log)}
			{pane(config)}
		</Box>
	);
}

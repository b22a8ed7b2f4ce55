import {STATE_LOOK, type NodeStatus} from './node-state.js';
import type {NodeEntry} from './nodes.js';

/**
 * The Nodes pane's `/` filter: every word must match (case-insensitive, part of a word) the
 * node's name, one of its tags, or its state (`online`, `degraded`, `pairing` …). Linear in
 * nodes, nothing compiled per key: 1 000 nodes filter well under a millisecond.
 */
export function nodeMatches(query: string, node: Pick<NodeEntry, 'name' | 'tags'>, status: NodeStatus | undefined): boolean {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	const state = STATE_LOOK[status?.state ?? 'unknown'].word.toLowerCase();
	const fields = [node.name.toLowerCase(), state, status?.state ?? 'unknown', ...node.tags.map(t => t.toLowerCase())];
	return words.every(w => fields.some(f => f.includes(w)));
}

/** Indexes (into `nodes`) of the nodes shown under `query`; all of them without one. */
export function visibleNodes(nodes: readonly Pick<NodeEntry, 'name' | 'tags'>[], statuses: Readonly<Record<string, NodeStatus | undefined>>, query: string | undefined): number[] {
	const out: number[] = [];
	for (let i = 0; i < nodes.length; i++) if (!query || nodeMatches(query, nodes[i]!, statuses[nodes[i]!.name])) out.push(i);
	return out;
}

/** The index to select after moving `delta` rows among the visible ones (stays put at the ends; the first visible one when the current is hidden). */
export function stepVisible(visible: readonly number[], selected: number, delta: number): number | undefined {
	if (visible.length === 0) return undefined;
	const at = visible.indexOf(selected);
	if (at === -1) return visible[0];
	return visible[Math.max(0, Math.min(visible.length - 1, at + delta))];
}

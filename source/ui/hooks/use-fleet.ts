import {useEffect, useState} from 'react';
import type {NodeStatus} from '../../core/node-state.js';
import type {NodeDraft} from '../../core/nodes.js';
import type {FleetPort} from '../services.js';
import {coalesce} from './coalesce.js';
import {settleStatuses} from '../../core/node-view.js';

/**
 * Node statuses from the fleet (net → state → ui). A change after a quiet second shows at
 * once; after that updates are coalesced (one render per `intervalMs` at most), so busy
 * nodes (runs starting and ending all the time) do not flood a slow link. The fleet follows
 * the registry: adding or editing a node reconnects it.
 */
export function useFleet(fleet: FleetPort | undefined, nodes: readonly NodeDraft[], intervalMs = 500): Readonly<Record<string, NodeStatus>> {
	const [statuses, setStatuses] = useState<Readonly<Record<string, NodeStatus>>>(() => fleet?.statuses() ?? {});
	useEffect(() => {
		fleet?.sync(nodes);
	}, [fleet, nodes]);
	useEffect(() => {
		if (!fleet) return;
		let shownAt = Date.now();
		let lastRaw: Record<string, NodeStatus> | undefined;
		const flush = () => {
			const raw = fleet.statuses();
			const seen = lastRaw;
			lastRaw = raw;
			setStatuses(prev => {
				const now = Date.now();
				const next = settleStatuses(prev, raw, now, shownAt, seen);
				if (next !== prev) shownAt = now;
				return next;
			});
		};
		const c = coalesce(flush, () => intervalMs);
		fleet.on('status', c.trigger);
		return () => {
			fleet.off('status', c.trigger);
			c.cancel();
		};
	}, [fleet, intervalMs]);
	return statuses;
}

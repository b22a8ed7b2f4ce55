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
		// What is on screen, kept here too: a poll that changes nothing a person could see is
		// settled outside React and costs no render at all (an idle console's polls are most).
		let shown = fleet.statuses();
		let shownAt = Date.now();
		let lastRaw: Readonly<Record<string, NodeStatus>> | undefined;
		setStatuses(shown);
		const flush = () => {
			const raw = fleet.statuses();
			const now = Date.now();
			const next = settleStatuses(shown, raw, now, shownAt, lastRaw);
			lastRaw = raw;
			if (next === shown) return;
			shown = next;
			shownAt = now;
			setStatuses(next);
		};
		const c = coalesce(flush, () => intervalMs);
		// The last node out of 'connecting' (start-up, a network back) is shown at once, not at the
		// end of the interval: that is the moment a person waits for. Counted per event, O(1).
		const connecting = new Set(Object.entries(shown).flatMap(([name, st]) => (st.state === 'connecting' ? [name] : [])));
		const onStatus = (name: string, st: NodeStatus | undefined) => {
			const was = connecting.size;
			if (st?.state === 'connecting') connecting.add(name);
			else connecting.delete(name);
			if (was > 0 && connecting.size === 0) c.now();
			else c.trigger();
		};
		fleet.on('status', onStatus);
		return () => {
			fleet.off('status', onStatus);
			c.cancel();
		};
	}, [fleet, intervalMs]);
	return statuses;
}

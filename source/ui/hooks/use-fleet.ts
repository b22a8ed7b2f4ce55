import {useEffect, useState} from 'react';
import type {NodeStatus} from '../../core/node-state.js';
import type {NodeDraft} from '../../core/nodes.js';
import type {FleetPort} from '../services.js';

/**
 * Node statuses from the fleet (net → state → ui). A change after a quiet second shows at
 * once; after that updates are coalesced (one render per `intervalMs` at most), so busy
 * nodes (runs starting and ending all the time) do not flood a slow link. The fleet follows
 * the registry: adding or editing a node reconnects it.
 */
export function useFleet(fleet: FleetPort | undefined, nodes: readonly NodeDraft[], intervalMs = 500): Record<string, NodeStatus> {
	const [statuses, setStatuses] = useState<Record<string, NodeStatus>>(() => fleet?.statuses() ?? {});
	useEffect(() => {
		fleet?.sync(nodes.map(n => ({name: n.name, host: n.host, port: n.port, token: n.token})));
	}, [fleet, nodes]);
	useEffect(() => {
		if (!fleet) return;
		let timer: NodeJS.Timeout | undefined;
		let last = 0;
		const flush = () => {
			timer = undefined;
			last = Date.now();
			setStatuses({...fleet.statuses()});
		};
		const onStatus = () => {
			if (timer) return;
			const wait = intervalMs - (Date.now() - last);
			if (wait <= 0) flush();
			else timer = setTimeout(flush, wait);
		};
		fleet.on('status', onStatus);
		return () => {
			fleet.off('status', onStatus);
			clearTimeout(timer);
		};
	}, [fleet, intervalMs]);
	return statuses;
}

import {useEffect, useState} from 'react';
import type {NodeStatus} from '../../core/node-state.js';
import type {NodeDraft} from '../../core/nodes.js';
import type {FleetPort} from '../services.js';

/**
 * Node statuses from the fleet (net → state → ui). Updates are coalesced (one render per
 * `intervalMs` at most) so a flapping fleet does not flood a slow link. The fleet follows
 * the registry: adding or editing a node reconnects it.
 */
export function useFleet(fleet: FleetPort | undefined, nodes: readonly NodeDraft[], intervalMs = 100): Record<string, NodeStatus> {
	const [statuses, setStatuses] = useState<Record<string, NodeStatus>>(() => fleet?.statuses() ?? {});
	useEffect(() => {
		fleet?.sync(nodes.map(n => ({name: n.name, host: n.host, port: n.port, token: n.token})));
	}, [fleet, nodes]);
	useEffect(() => {
		if (!fleet) return;
		let timer: NodeJS.Timeout | undefined;
		const onStatus = () => {
			timer ??= setTimeout(() => {
				timer = undefined;
				setStatuses({...fleet.statuses()});
			}, intervalMs);
		};
		fleet.on('status', onStatus);
		return () => {
			fleet.off('status', onStatus);
			clearTimeout(timer);
		};
	}, [fleet, intervalMs]);
	return statuses;
}

import {useEffect, useState} from 'react';
import type {GatewayLogPort, NodeOpsPort} from '../services.js';
import {coalesce} from './coalesce.js';

/** Follow a node's gateway log while its overlay is open; re-render at most 4 times a second. */
export function useGatewayLog(ops: NodeOpsPort | undefined, node: string | undefined): {log?: GatewayLogPort; version: number} {
	const [state, setState] = useState<{log?: GatewayLogPort; version: number}>({version: 0});
	useEffect(() => {
		if (!ops || !node) return;
		const log = ops.gatewayLog(node);
		let version = 0;
		setState({log, version});
		const c = coalesce(() => setState({log, version: ++version}), () => 250);
		const bump = () => c.trigger();
		log.on('change', bump);
		return () => {
			log.off('change', bump);
			c.cancel();
			log.stop();
			setState({version: 0});
		};
	}, [ops, node]);
	return state;
}

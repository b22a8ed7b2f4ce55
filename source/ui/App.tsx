import React, {useEffect} from 'react';
import {Box, Text, useApp, useInput} from 'ink';
import {activeScope, appReducer, initialState} from './state/app-state.js';
import {makeKeyHandler} from './hooks/use-key-router.js';
import {useNodeActions} from './hooks/use-node-actions.js';
import {useViewport} from './hooks/use-viewport.js';
import {useSyncReducer} from './hooks/use-sync-reducer.js';
import {ThemeContext, makeTheme} from './theme.js';
import type {Services} from './services.js';
import {Screen} from './Screen.js';
import {Header} from './components/Header.js';
import {Footer} from './components/Footer.js';
import {NodesPane} from './panes/NodesPane.js';
import {HelpOverlay} from './overlays/HelpOverlay.js';
import {NodeForm} from './overlays/NodeForm.js';
import {CommandLine} from './overlays/CommandLine.js';
import {Confirm} from './overlays/Confirm.js';
import {maskToken} from '../core/mask.js';
import {useFleet} from './hooks/use-fleet.js';
import {useNodeDetail} from './hooks/use-node-detail.js';
import {NodeDetailView} from './overlays/NodeDetailView.js';

export type AppProps = {services: Services; readonly?: boolean; noColor?: boolean};

/** Wiring only: state, key routing, layout. */
export function App({services, readonly = false, noColor = false}: AppProps) {
	const {exit} = useApp();
	const [state, dispatch, get] = useSyncReducer(appReducer, () => initialState(services.loadNodes()));
	const {cols, rows} = useViewport();
	const nodes = useNodeActions(services, get, dispatch);
	const statuses = useFleet(services.fleet, state.nodes);
	const detailName = state.overlay?.kind === 'detail' ? state.overlay.node : undefined;
	const detail = useNodeDetail(services.fleet, detailName);

	useEffect(() => {
		const l = services.localOffer;
		if (l && !readonly)
			dispatch({
				type: 'open',
				overlay: {
					kind: 'confirm',
					prompt: `This computer runs an OpenClaw gateway (${l.host}:${l.port}, token ${maskToken(l.token)}, from ${l.configPath}). Add it as node "local"?`,
					action: {type: 'addLocal'},
				},
			});
	}, [services, readonly]);

	const quit = () => {
		dispatch({type: 'quit'});
		exit();
	};
	const extra = (id: string) => {
		const sel = get().nodes[get().selected];
		switch (id) {
			case 'local.declined':
				services.localAnswered();
				return true;
			case 'node.detail':
				if (sel) dispatch({type: 'open', overlay: {kind: 'detail', node: sel.name}});
				return true;
			case 'node.reconnect':
				if (sel && services.fleet) {
					services.fleet.reconnect(sel.name);
					dispatch({type: 'message', message: {kind: 'info', text: `reconnecting ${sel.name}…`}});
				}
				return true;
		}
		return false;
	};
	useInput(makeKeyHandler({get, dispatch, readonly, nodes, extra, quit}));

	const scope = activeScope(state);
	const o = state.overlay;
	const cmdOpen = o?.kind === 'command';
	const bodyRows = rows - (cmdOpen ? 1 : 0);
	const overlay =
		o?.kind === 'help'
			? (w: number, h: number) => <HelpOverlay width={w} height={h} scroll={o.scroll} readonly={readonly} />
			: o?.kind === 'form'
				? (w: number, h: number) => <NodeForm {...o} width={w} height={h} reveal={state.reveal} />
				: o?.kind === 'confirm'
					? (w: number) => <Confirm prompt={o.prompt} width={w} />
					: o?.kind === 'detail'
						? (w: number, h: number) => {
								const n = state.nodes.find(x => x.name === o.node);
								return n ? <NodeDetailView node={n} status={statuses[n.name]} detail={detail} width={w} height={h} /> : null;
							}
						: undefined;

	return (
		<ThemeContext.Provider value={makeTheme(noColor)}>
			<Box flexDirection="column" width={cols} height={rows}>
				<Header
					width={cols}
					parts={[
						`${state.nodes.length} node${state.nodes.length === 1 ? '' : 's'}`,
						services.fleet ? `${state.nodes.filter(n => statuses[n.name]?.state === 'online').length} online` : '',
						readonly ? 'read-only' : '',
					]}
				/>
				<Screen
					cols={cols}
					rows={bodyRows}
					focus={state.focus}
					overlay={overlay}
					panes={[
						{
							id: 'nodes',
							index: 1,
							title: 'Nodes',
							render: (w, h) => <NodesPane nodes={state.nodes} statuses={statuses} selected={state.selected} focused={state.focus === 'nodes'} reveal={state.reveal} width={w} height={h} />,
						},
						{id: 'log', index: 2, title: 'Task log', render: () => <Text wrap="truncate">No tasks yet.</Text>},
						{id: 'config', index: 3, title: 'Config', render: () => <Text wrap="truncate">Gateway config editor.</Text>},
					]}
				/>
				{cmdOpen ? <CommandLine text={o.text} width={cols} readonly={readonly} /> : <Footer scope={scope} readonly={readonly} width={cols} message={state.message} />}
			</Box>
		</ThemeContext.Provider>
	);
}

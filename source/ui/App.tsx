import React, {useEffect, useMemo, useRef} from 'react';
import {Box, useApp, useStdout} from 'ink';
import {activeScope, appReducer, initialState} from './state/app-state.js';
import {makeKeyHandler, makeRunner} from './hooks/use-key-router.js';
import {useKeys} from './hooks/use-keys.js';
import {appController} from './controllers/app.js';
import {nodesController} from './controllers/nodes.js';
import {tasksController} from './controllers/tasks.js';
import {configController} from './controllers/config.js';
import {fleetOpsController} from './controllers/fleet-ops.js';
import {useGatewayLog} from './hooks/use-gateway-log.js';
import type {ActionTable, Ctx} from './controllers/types.js';
import {makeClipboard} from './terminal.js';
import {useViewport} from './hooks/use-viewport.js';
import {useSyncReducer} from './hooks/use-sync-reducer.js';
import {useFleet} from './hooks/use-fleet.js';
import {useNodeDetail} from './hooks/use-node-detail.js';
import {useTasksVersion} from './hooks/use-tasks.js';
import {useConfigView} from './hooks/use-config-view.js';
import {ConfigPane} from './panes/ConfigPane.js';
import {ThemeContext, makeTheme} from './theme.js';
import type {Services} from './services.js';
import {Screen} from './Screen.js';
import {overlayFor} from './Overlays.js';
import {Header} from './components/Header.js';
import {Footer, messageLines} from './components/Footer.js';
import {NodesPane} from './panes/NodesPane.js';
import {TaskLogPane} from './panes/TaskLogPane.js';
import {CommandLine} from './overlays/CommandLine.js';
import {BottomLine} from './overlays/BottomLine.js';
import {computeLayout} from '../core/layout.js';
import {hintLine} from '../core/keymap.js';
import {activeTasks} from '../core/tasks.js';
import {maskToken} from '../core/mask.js';
import {Text} from 'ink';

export type AppProps = {services: Services; readonly?: boolean; noColor?: boolean};

/** Wiring only: state, key routing, layout. */
export function App({services, readonly = false, noColor = false}: AppProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [state, dispatch, get] = useSyncReducer(appReducer, () => initialState(services.loadNodes()));
	const viewport = useViewport();
	const cols = viewport.cols;
	// One row short of the terminal: when a frame is as tall as the terminal, Ink clears the
	// screen and rewrites everything on every render; one row less keeps its line-diffing
	// (a few hundred bytes a frame instead of ~2 KB over a slow link).
	const rows = Math.max(1, viewport.rows - 1);
	const statuses = useFleet(services.fleet, state.nodes);
	// one theme object per colour mode: a new one each render would re-render every memoised pane
	const theme = useMemo(() => makeTheme(noColor), [noColor]);
	const detail = useNodeDetail(services.fleet, state.overlay?.kind === 'detail' ? state.overlay.node : undefined);
	const tasksVersion = useTasksVersion(services.dispatcher);
	const shown = state.overlay?.kind === 'filter' && state.overlay.back ? state.overlay.back : state.overlay;
	const gwLog = useGatewayLog(services.nodeOps, shown?.kind === 'gatewayLog' ? shown.node : undefined);
	const cfg = useConfigView(services.config, state.config.target, state.config.version);
	const live = useRef({cfg, statuses});
	live.current = {cfg, statuses};

	const offer = services.localOffer;
	useEffect(() => {
		if (offer && !readonly) {
			const prompt = `This computer runs an OpenClaw gateway (${offer.host}:${offer.port}, token ${maskToken(offer.token)}, from ${offer.configPath}). Add it as node "local"?`;
			dispatch({type: 'open', overlay: {kind: 'confirm', prompt, action: {type: 'addLocal'}}});
		}
	}, [offer, readonly, dispatch]);

	const quit = () => exit();
	const logRows = () => computeLayout(cols, rows, 'log', {nodes: get().nodes.length}).panes.log.height - 3;
	// The typed action table: every keymap id handled by exactly one controller (checked by the compiler).
	const say: Ctx['say'] = (kind, text) => dispatch({type: 'message', message: {kind, text}});
	let table: ActionTable | undefined;
	const lookup = () => table!;
	const clipboard = makeClipboard(bytes => stdout.write(bytes), services.terminal ?? {tmux: false});
	const copy = (text: string, what: string) => {
		const r = clipboard(text, what);
		say(r.ok ? 'ok' : 'error', r.message);
	};
	const ctx: Ctx = {get, dispatch, say, readonly, copy, run: makeRunner({say, readonly, table: lookup})};
	const nodes = nodesController(services, ctx, () => live.current.statuses);
	const tasks = tasksController(services.dispatcher, ctx, logRows, services);
	const config = configController(services.config, ctx, () => live.current.cfg.view, () => live.current.statuses);
	const ops = fleetOpsController(services, ctx, {applyLogFilter: tasks.applyFilter, pageRows: () => rows - 6});
	const app = appController(ctx, {quit, suspend: services.suspend, confirm: {...nodes.confirm, ...tasks.confirm, ...config.confirm, ...ops.confirm}, decline: nodes.decline});
	table = {...app, ...nodes.actions, ...tasks.actions, ...config.actions, ...ops.actions};
	const onKey = makeKeyHandler({get, dispatch, say, readonly, table: lookup, quit});
	useKeys(onKey);

	const o = state.overlay;
	const bottom = o?.kind === 'command' || o?.kind === 'filter' || o?.kind === 'reply';
	const footerRows = bottom ? 2 : state.message ? messageLines(state.message, cols).length : 1;
	const count = (...states: string[]) => state.nodes.filter(n => states.includes(statuses[n.name]?.state ?? '')).length;
	const online = count('online', 'degraded'); // reachable: online or degraded
	const degraded = count('degraded');
	const down = count('unreachable');
	const running = services.dispatcher ? activeTasks(services.dispatcher.state).length : 0;
	const pairing = state.nodes.reduce((n, x) => n + (statuses[x.name]?.pendingDevices ?? 0), 0);
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={cols} height={rows}>
				<Header
					width={cols}
					parts={[`${state.nodes.length} node${state.nodes.length === 1 ? '' : 's'}`, services.fleet ? `${online} online` : '', degraded ? `${degraded} degraded` : '', down ? `${down} unreachable` : '', running ? `${running} running` : '', pairing ? `◌ ${pairing} pairing request${pairing === 1 ? '' : 's'}` : '', readonly ? 'read-only' : '']}
				/>
				<Screen
					cols={cols}
					rows={rows - footerRows + 1}
					focus={state.focus}
					nodes={state.nodes.length}
					overlay={overlayFor({state, services, readonly, statuses, detail, config: cfg.view, gatewayLog: gwLog})}
					panes={[
						{
							id: 'nodes',
							index: 1,
							title: 'Nodes',
							status: state.nodeFilter ? `/${state.nodeFilter}` : undefined,
							render: (w, h) => <NodesPane nodes={state.nodes} statuses={statuses} filter={state.nodeFilter} selected={state.selected} focused={state.focus === 'nodes'} reveal={state.reveal} width={w} height={h} />,
						},
						{
							id: 'log',
							index: 2,
							title: 'Task log',
							status: `${state.log.follow ? 'follow' : 'paused'}${state.log.filter ? ` · /${state.log.filter}` : ''}`,
							render: (w, h) => <TaskLogPane tasks={services.dispatcher?.state} version={tasksVersion} width={w} height={h} {...state.log} focused={state.focus === 'log'} />,
						},
						{
							id: 'config',
							index: 3,
							title: 'Config',
							status: state.config.target === 'local' ? 'this computer' : `node ${state.config.target}`,
							render: (w, h) =>
								services.config ? (
									<ConfigPane {...cfg} target={state.config.target} row={state.config.row} reveal={state.config.reveal} focused={state.focus === 'config'} width={w} height={h} />
								) : (
									<Text wrap="truncate">Config editor not available.</Text>
								),
						},
					]}
				/>
				{o?.kind === 'command' ? (
					<CommandLine text={o.text} width={cols} readonly={readonly} />
				) : o?.kind === 'filter' ? (
					<BottomLine
						prompt="/"
						text={o.text}
						hint={state.message ? `✖ ${state.message.text}` : `${o.target === 'nodes' ? 'nodes: words in name, tag or state' : 'regex, case-insensitive · leading ! hides matching lines'} · empty clears · ${hintLine('filter', readonly)}`}
						width={cols}
					/>
				) : o?.kind === 'reply' ? (
					<BottomLine
						prompt="› "
						text={o.text}
						hint={state.message ? `✖ ${state.message.text}` : `${o.sending ? 'sending… · ' : ''}reply in ${o.about} (${o.sessionKey}) · ${hintLine('reply', readonly)}`}
						width={cols}
					/>
				) : (
					<Footer scope={activeScope(state)} readonly={readonly} width={cols} message={state.message} />
				)}
			</Box>
		</ThemeContext.Provider>
	);
}

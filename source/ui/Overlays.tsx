import React, {type ReactNode} from 'react';
import type {AppState} from './state/app-state.js';
import type {NodeStatus} from '../core/node-state.js';
import type {NodeDetail} from '../net/fleet.js';
import type {Services} from './services.js';
import {HelpOverlay} from './overlays/HelpOverlay.js';
import {NodeForm} from './overlays/NodeForm.js';
import {Confirm} from './overlays/Confirm.js';
import {NodeDetailView} from './overlays/NodeDetailView.js';
import {TaskView} from './overlays/TaskView.js';
import {DispatchDialog, targetOptions} from './overlays/DispatchDialog.js';
import {ConfigEdit, Preview, Share} from './overlays/ConfigOverlays.js';
import type {ConfigView} from '../core/config-target.js';
import {shareAbout, shareLines} from '../core/config-share.js';
import type {GatewayLogPort} from './services.js';
import {ChatView, DevicesView, GatewayLogView, SessionsView} from './overlays/FleetOpsViews.js';

type Ctx = {state: AppState; services: Services; readonly: boolean; statuses: Record<string, NodeStatus>; detail?: NodeDetail; config?: ConfigView; gatewayLog?: {log?: GatewayLogPort; version: number}};

/** The overlay that takes the panes' place, if one is open. */
export function overlayFor({state, services, readonly, statuses, detail, config, gatewayLog}: Ctx): ((w: number, h: number) => ReactNode) | undefined {
	const open = state.overlay;
	// a bottom line (the / filter, a reply) keeps the overlay it belongs to on screen
	const o = (open?.kind === 'filter' || open?.kind === 'reply') && open.back ? open.back : open;
	switch (o?.kind) {
		case 'help':
			return (w, h) => <HelpOverlay width={w} height={h} scroll={o.scroll} readonly={readonly} />;
		case 'form':
			return (w, h) => <NodeForm {...o} width={w} height={h} reveal={state.reveal} />;
		case 'confirm':
			return w => <Confirm prompt={o.prompt} width={w} />;
		case 'detail': {
			const n = state.nodes.find(x => x.name === o.node);
			return n ? (w, h) => <NodeDetailView node={n} status={statuses[n.name]} detail={detail} width={w} height={h} /> : undefined;
		}
		case 'task': {
			const t = services.dispatcher?.state.tasks.get(o.id);
			const turns = t?.sessionKey ? (services.dispatcher?.state.order ?? []).map(id => services.dispatcher!.state.tasks.get(id)!).filter(x => x.sessionKey === t.sessionKey && x.node === t.node && x.createdAt < t.createdAt) : [];
			return t ? (w, h) => <TaskView task={t} earlier={turns} width={w} height={h} scroll={o.scroll} readonly={readonly} /> : undefined;
		}
		case 'dispatch':
			return (w, h) => (
				<DispatchDialog
					{...o}
					targets={targetOptions(state.nodes.map(n => n.name))}
					candidates={services.dispatcher?.candidates() ?? []}
					rules={services.dispatcher?.routing?.().rules}
					judge={services.dispatcher?.routing?.().judge}
					width={w}
					height={h}
				/>
			);
		case 'configEdit':
			return w => <ConfigEdit field={o.field} text={o.text} choices={o.choices} width={w} reveal={state.config.reveal} />;
		case 'preview':
			return config ? (w, h) => <Preview title={o.title} plan={o.plan} secrets={o.secrets} scroll={o.scroll} reveal={state.config.reveal} width={w} height={h} remote={config.remote} /> : undefined;
		case 'share': {
			const about = shareAbout(state.config.target, state.nodes, n => statuses[n]?.state === 'online', o.info);
			const lines = shareLines(about, config?.effective ?? config?.parsed, o.reveal);
			return (w, h) => <Share lines={lines} reveal={o.reveal} width={w} height={h} />;
		}
		case 'sessions':
			return (w, h) => <SessionsView o={o} readonly={readonly} width={w} height={h} />;
		case 'chat':
			return (w, h) => <ChatView o={o} readonly={readonly} width={w} height={h} />;
		case 'devices':
			return (w, h) => <DevicesView o={o} readonly={readonly} width={w} height={h} />;
		case 'gatewayLog':
			return (w, h) => <GatewayLogView o={o} log={gatewayLog?.log} version={gatewayLog?.version ?? 0} readonly={readonly} width={w} height={h} />;
		default:
			return undefined;
	}
}

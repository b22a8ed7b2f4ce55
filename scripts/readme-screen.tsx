/**
 * Renders the console at 80×24 for the readme, with node states and tasks supplied by stubs
 * (no network: the guide's 192.168.x addresses are never contacted).
 * Usage: node --import tsx scripts/readme-screen.tsx
 */
import {EventEmitter} from 'node:events';
import React from 'react';
import {App} from '../source/ui/App.js';
import type {FleetPort, DispatcherPort} from '../source/ui/services.js';
import type {NodeStatus} from '../source/core/node-state.js';
import {applyTaskEvent, emptyTasks} from '../source/core/tasks.js';
import {renderAt, plain} from '../test/helpers/render-at.js';
import {AgentEventShape} from '../source/net/frames.js';
import {tempStore} from '../test/helpers/store.js';
import {configService} from '../source/cli/config-service.js';
import fs from 'node:fs';
import path from 'node:path';

const s = tempStore();
s.registry.markLocalOffered();
s.registry.add({name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0c5e1d9a0b', tags: ['gpu']});
s.registry.add({name: '书房笔记本', host: '192.168.1.60', port: 18789, token: 'c01d4e55aa7f31c2', tags: ['mac']});
s.registry.add({name: 'nas', host: 'nas.tail1234.ts.net', port: 18789, token: '9b9b1234abcd7777', tags: ['linux']});
const sys = (load: number, free: number) => ({cpuCount: 8, loadAverage: [load * 8, 1, 1], memoryFreeBytes: free * 2 ** 30, memoryTotalBytes: 32 * 2 ** 30});
const statuses: Record<string, NodeStatus> = {
	AI电脑: {state: 'online', rttMs: 12, version: '2026.9.6', uptimeMs: 3 * 3600e3, system: sys(0.3, 21), activeRuns: 1},
	书房笔记本: {state: 'pairing-required', requestId: '7f3c2a91-0d7e-4f55-9c1e-2b6a8d4e1f00', code: 'PAIRING_REQUIRED'},
	nas: {state: 'online', rttMs: 41, version: '2026.9.6', uptimeMs: 9 * 86400e3, system: sys(0.9, 3), activeRuns: 0},
};
const fleet = Object.assign(new EventEmitter(), {sync() {}, statuses: () => statuses, reconnect() {}, detail: async () => ({errors: []})}) as unknown as FleetPort;
const state = emptyTasks();
const t0 = Date.parse('2026-11-24T09:14:02Z');
const ev = (e: Parameters<typeof applyTaskEvent>[1]) => applyTaskEvent(state, e);
ev({type: 'created', id: 'mgw-3fa9c1d2', node: 'AI电脑', message: 'train a lora on ~/photos', reason: '→ AI电脑: tag gpu, 0 running, load 0.3, 12 ms, 1 other eligible', at: t0});
ev({type: 'accepted', id: 'mgw-3fa9c1d2', at: t0 + 300});
ev({type: 'agent', node: 'AI电脑', payload: AgentEventShape.parse({runId: 'mgw-3fa9c1d2', seq: 2, stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: 'c1', args: {command: 'python train.py'}}}), at: t0 + 2000});
ev({type: 'agent', node: 'AI电脑', payload: AgentEventShape.parse({runId: 'mgw-3fa9c1d2', seq: 3, stream: 'assistant', data: {text: 'Training started: 1 200 images, ETA 18 min. 训练进行中…'}}), at: t0 + 4000});
ev({type: 'created', id: 'mgw-81be7700', node: 'nas', message: 'summarise the backup logs', reason: '→ nas: 0 running, load 0.9, 41 ms', at: t0 + 9000});
ev({type: 'accepted', id: 'mgw-81be7700', at: t0 + 9300});
ev({type: 'final', id: 'mgw-81be7700', status: 'ok', text: 'done: 3 backups, all verified, 1.2 TB', at: t0 + 12000});
const dispatcher = Object.assign(new EventEmitter(), {state, dispatch: async () => ({ok: false, reason: '', noEligible: true}), cancel: async () => undefined, agents: async () => ({ids: []}), candidates: () => []}) as unknown as DispatcherPort;
process.env.TZ = 'UTC';
fs.mkdirSync('/tmp/me/.openclaw', {recursive: true});
const cfg = '/tmp/me/.openclaw/openclaw.json';
fs.writeFileSync(cfg, '{"gateway": {"port": 18789, "mode": "local", "bind": "0.0.0.0", "auth": {"token": "f74bba0c5e1d9a0b"}}}');
const config = configService({HOME: '/tmp/me'}, undefined);
const r = renderAt(<App services={{...s.services(), fleet, dispatcher, config}} noColor />, 80, 24);
await r.ready();
await r.idle();
if (process.argv[2] === 'config') await r.press('3', '\u001b[B', '\u001b[B');
await r.idle();
console.log(plain(r.frame()));
r.unmount();

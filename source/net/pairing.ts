import * as z from 'zod';
import {sanitizeLine} from '../core/sanitize.js';
import {isDeviceId, isRequestId} from './frames.js';
import type {Requester} from './sessions.js';

export type PendingDevice = {requestId: string; deviceId: string; name: string; platform?: string; role?: string; scopes: string[]; remoteIp?: string; ts?: number; repair: boolean};
export type PairedDevice = {deviceId: string; name: string; platform?: string; roles: string[]; scopes: string[]; connected: boolean; lastSeenAt?: number};
export type Devices = {pending: PendingDevice[]; paired: PairedDevice[]};

const MAX = 500;
const s = z.string().max(2000);
const line = (v: string | null | undefined, n = 100) => (v ? sanitizeLine(v).slice(0, n) : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 32).map(x => sanitizeLine(x).slice(0, 64)) : []);
const Pending = z.looseObject({requestId: s, deviceId: s, displayName: s.nullish(), platform: s.nullish(), role: s.nullish(), scopes: z.unknown().optional(), remoteIp: s.nullish(), ts: z.number().nullish(), isRepair: z.boolean().optional()});
const Paired = z.looseObject({deviceId: s, displayName: s.nullish(), platform: s.nullish(), roles: z.unknown().optional(), scopes: z.unknown().optional(), connected: z.boolean().optional(), lastSeenAtMs: z.number().nullish()});
const List = z.looseObject({pending: z.array(z.unknown()).default([]), paired: z.array(z.unknown()).default([])});

/**
 * device.pair.list parsed and cleaned. A pending request whose id is not an id, or a device
 * whose id is not a 64-hex device id, is dropped: nothing hostile can become a command.
 */
export async function listDevices(conn: Requester): Promise<Devices> {
	const r = List.safeParse(await conn.request<unknown>('device.pair.list', {}, {timeoutMs: 15_000}));
	if (!r.success) throw new Error('device.pair.list: malformed answer');
	const pending: PendingDevice[] = [];
	for (const item of r.data.pending.slice(0, MAX)) {
		const p = Pending.safeParse(item);
		if (!p.success || !isRequestId(p.data.requestId) || !isDeviceId(p.data.deviceId)) continue;
		const d = p.data;
		pending.push({requestId: d.requestId, deviceId: d.deviceId, name: line(d.displayName, 64) ?? d.deviceId.slice(0, 12), platform: line(d.platform, 32), role: line(d.role, 32), scopes: strs(d.scopes), remoteIp: line(d.remoteIp, 64), ts: d.ts ?? undefined, repair: d.isRepair === true});
	}
	const paired: PairedDevice[] = [];
	for (const item of r.data.paired.slice(0, MAX)) {
		const p = Paired.safeParse(item);
		if (!p.success || !isDeviceId(p.data.deviceId)) continue;
		const d = p.data;
		paired.push({deviceId: d.deviceId, name: line(d.displayName, 64) ?? d.deviceId.slice(0, 12), platform: line(d.platform, 32), roles: strs(d.roles), scopes: strs(d.scopes), connected: d.connected === true, lastSeenAt: d.lastSeenAtMs ?? undefined});
	}
	return {pending, paired};
}

function requireRequestId(id: string): void {
	if (!isRequestId(id)) throw new Error(`"${sanitizeLine(id).slice(0, 40)}" is not a pairing request id`);
}

export async function approveDevice(conn: Requester, requestId: string): Promise<void> {
	requireRequestId(requestId);
	await conn.request('device.pair.approve', {requestId}, {timeoutMs: 15_000});
}

export async function rejectDevice(conn: Requester, requestId: string): Promise<void> {
	requireRequestId(requestId);
	await conn.request('device.pair.reject', {requestId}, {timeoutMs: 15_000});
}

/** Revoke a paired device (device.pair.remove): it must pair again to connect with a device identity. */
export async function revokeDevice(conn: Requester, deviceId: string): Promise<void> {
	if (!isDeviceId(deviceId)) throw new Error(`"${sanitizeLine(deviceId).slice(0, 40)}" is not a device id`);
	await conn.request('device.pair.remove', {deviceId}, {timeoutMs: 15_000});
}

/** Whether granted scopes allow device.pair.* (operator.pairing, or admin which satisfies every scope). */
export const canPair = (scopes: readonly string[] | undefined) => Boolean(scopes?.some(x => x === 'operator.pairing' || x === 'operator.admin'));

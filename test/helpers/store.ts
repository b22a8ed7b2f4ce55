import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Registry} from '../../source/store/registry.js';
import {buildServices} from '../../source/cli/tui.js';

export function tempDir(prefix = 'mgw-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A registry in a fresh temp dir, and the UI services over it. */
export function tempStore(env: NodeJS.ProcessEnv = {}) {
	const dir = tempDir();
	const registry = new Registry(dir);
	return {dir, registry, services: () => buildServices(registry, {HOME: dir, ...env})};
}

export const GUIDE_TABLE = `### 远程 OpenClaw 节点

| 名称 | IP | 端口 | Token |
|------|-----|------|-------|
| AI电脑 | 192.168.1.52 | 18789 | f74bba... |
`;

/** The guide's gateway section, commented as in the guide, with the "0.0.0.0" mistake. */
export const GUIDE_CONFIG = `{
  // 多机协作
  "gateway": {
    "port": 18789,
    "mode": "local",
    "bind": "0.0.0.0",    // ← 关键！可选值: "loopback" | "lan" | "auto" | "custom" | "tailnet"
    "auth": {
      "token": "your-token-here-abcd"
    },
    "controlUi": {"allowedOrigins": ["http://192.168.1.52:18789"]}
  },
}
`;

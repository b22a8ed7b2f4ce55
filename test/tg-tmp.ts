import {startTestGateway} from '/work/main/source/net/test-gateway/server.js';
const gw = await startTestGateway({token: 'tg-token-123456', tickIntervalMs: 5000, deltaDelayMs: 150});
console.log(gw.port);
setInterval(() => {}, 1000);

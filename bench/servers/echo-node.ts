// Baseline for fan-out and memory on Node: `ws` echoing every frame to every socket, nothing else.
import { WebSocketServer } from 'ws';
import { parseCli } from '../../src/runtime/cli.ts';
import './gc-signal.ts';

const { hostname, port } = parseCli(process.argv.slice(2), process.env);
const wss = new WebSocketServer({ host: hostname, port, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) client.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => console.log(`Listening at http://${hostname}:${port}`));

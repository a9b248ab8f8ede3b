import type { Socket } from 'node:net';
import { CardeaTimestamp } from '../lib/cardea/schema';
import { fetchJson } from '../lib/net/fetch-json';
import { createCardeaApp } from '../sandbox/cardea/app';
import { generateCaseData } from '../sandbox/cardea/generator';
import { serveSystem } from '../sandbox/server';
import { World } from '../sandbox/world';
import { median, type BenchModule, type Table } from './table';

const CHECKS = 50;

/** What a poll costs when nothing changed: one `/timestamp` against the sandbox's Cardea, through Bao's fetchJson. */
export const idlePollBench: BenchModule = {
  name: 'idle-poll',
  async run(): Promise<Table[]> {
    const world = new World(generateCaseData({ seed: 1, runs: 2, librariesPerLane: 2, cases: 4 }), { etlDelayMs: 0 });
    const cardea = await serveSystem('cardea', world, createCardeaApp(world));
    const sockets = new Set<Socket>();
    cardea.server.on('connection', (socket) => sockets.add(socket));
    const url = `${cardea.url}/timestamp`;
    const times: number[] = [];
    try {
      for (let i = 0; i < CHECKS; i++) {
        const started = performance.now();
        const timestamp = await fetchJson(url, CardeaTimestamp, { system: 'Cardea' });
        times.push(performance.now() - started);
        if (timestamp !== world.timestamp) throw new Error(`unexpected timestamp ${timestamp}`);
      }
    } finally {
      await cardea.close();
    }
    const sent = [...sockets].reduce((sum, s) => sum + s.bytesRead, 0) / CHECKS;
    const received = [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0) / CHECKS;
    return [
      {
        title: `Idle poll: GET /timestamp (sandbox Cardea, loopback, ${CHECKS} checks)`,
        columns: ['request bytes', 'response bytes', 'median ms', 'max ms', 'connections'],
        rows: [[Math.round(sent), Math.round(received), median(times), Math.max(...times), sockets.size]],
        notes: ['Bytes are on the wire (headers included), per check; the first check also opens the connection.'],
      },
    ];
  },
};

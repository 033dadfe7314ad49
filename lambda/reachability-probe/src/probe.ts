import { request } from "node:https";

/** Where to look and how long to wait. */
export interface ReachabilitySettings {
  /** The app's health URL at its domain, `https://<domain><health path>`. */
  readonly url: string;
  /** Milliseconds to wait for the response before counting it unreachable. */
  readonly timeoutMs: number;
  /** PEM of a CA to trust besides the runtime's (tests only). @default the runtime's trust store */
  readonly ca?: string;
}

/** What one probe found. */
export interface ReachabilityResult {
  /** 1 when the app answered 2xx or 3xx over verified TLS in time, else 0. */
  readonly reachable: 0 | 1;
  /** Why it is not reachable, when it is not. */
  readonly reason?: string;
}

/**
 * Whether the app answers at its domain, as its users reach it: DNS as Route 53 answers it, TLS
 * verified against the domain, and the status codes a Route 53 HTTPS health check counts healthy
 * (2xx and 3xx: Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check
 * is healthy"). Run from the DR region, it sees the primary region's outage from outside it.
 */
export function probeReachable(settings: ReachabilitySettings): Promise<ReachabilityResult> {
  return new Promise((resolve) => {
    const req = request(settings.url, { method: "GET", timeout: settings.timeoutMs, ...(settings.ca ? { ca: settings.ca } : {}) }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      resolve(status >= 200 && status < 400 ? { reachable: 1 } : { reachable: 0, reason: `HTTP ${status}` });
    });
    req.on("timeout", () => req.destroy(new Error(`no response within ${settings.timeoutMs} ms`)));
    req.on("error", (error) => resolve({ reachable: 0, reason: error.message }));
    req.end();
  });
}

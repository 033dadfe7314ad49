import { App } from "cdktf";
import { BackendStack } from "../stacks/backend-stack";
import { NetworkStack } from "../stacks/network-stack";
import type { PlatformRun } from "./config/load";

/**
 * Which stacks exist for a resolved configuration and how they depend on
 * each other: a backend per account, then a network per network, each
 * deployed after its account's backend.
 */
export class Platform {
  /** `backend-<account>` stacks by account name. */
  readonly backends = new Map<string, BackendStack>();
  /** `network-<network>` stacks by network name. */
  readonly networks = new Map<string, NetworkStack>();

  constructor(app: App, run: PlatformRun) {
    const { platform, bootstrap } = run;
    for (const account of platform.accounts) {
      this.backends.set(account.name, new BackendStack(app, `backend-${account.name}`, { project: platform.project, account, bootstrap }));
    }
    for (const network of platform.networks) {
      const stack = new NetworkStack(app, `network-${network.name}`, { project: platform.project, network });
      stack.addDependency(this.backends.get(network.account.name)!);
      this.networks.set(network.name, stack);
    }
  }
}

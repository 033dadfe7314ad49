import { issuesOf } from "../support/config-issues";
import { closestName, editDistance } from "../../src/config/shared/suggest";
import { unknownStackMessage } from "../../src/config/shared/stack-ids";
import { UnknownEnvironmentError } from "../../src/explain/explanation";

describe("did you mean", () => {
  it("measures edits ignoring case, a swap of two neighbours counting one", () => {
    expect(editDistance("imagetag", "imageTag")).toBe(0);
    expect(editDistance("prdo", "prod")).toBe(1);
    expect(editDistance("contanerPort", "containerPort")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests a name within a third of the word's length, never a different short word", () => {
    expect(closestName("netwrk", ["network", "drNetwork", "tier"])).toBe("network");
    expect(closestName("qa", ["dev", "staging", "uat", "prod"])).toBeUndefined();
    expect(closestName("cpus", ["cpu", "memory"])).toBe("cpu");
    expect(closestName("replicas", ["readReplica", "minTasks"])).toBeUndefined();
  });

  it("names the closest known field of the object that has the unknown one, at any depth", () => {
    expect(issuesOf((c) => Object.assign(c.environments.dev, { netwrk: "dev" }))).toEqual([`  - environments.dev.netwrk = "dev": is not a known field: did you mean "network"?`]);
    expect(issuesOf((c) => Object.assign(c.apps!.web.service!, { contanerPort: 80 }))).toEqual([`  - apps.web.service.contanerPort = 80: is not a known field: did you mean "containerPort"?`]);
    expect(issuesOf((c) => Object.assign(c.apps!.web.environments!.prod!.service!, { imagetag: "1.0" }))).toEqual([
      `  - apps.web.environments.prod.service.imagetag = "1.0": is not a known field: did you mean "imageTag"?`,
    ]);
    expect(issuesOf((c) => Object.assign(c.networks.dev, { flowLogs: { enabeld: true } }))).toEqual([`  - networks.dev.flowLogs.enabeld = true: is not a known field: did you mean "enabled"?`]);
    expect(issuesOf((c) => Object.assign(c, { apss: {} }))).toEqual([`  - apss = {}: is not a known field: did you mean "apps"?`]);
  });

  it("lists the known fields when none is close", () => {
    expect(issuesOf((c) => Object.assign(c.accounts.prod, { owner: "x" }))).toEqual([`  - accounts.prod.owner = "x": is not a known field; the fields here are id, region`]);
  });

  it("names the closest stack id for npm run plan, and the closest environment for explain", () => {
    const stacks = ["network-dev", "web-dev-service", "web-prod-service"];
    expect(unknownStackMessage("web-dev-servce", stacks)).toBe(`no stack web-dev-servce; did you mean "web-dev-service"? the stacks are: network-dev, web-dev-service, web-prod-service`);
    expect(unknownStackMessage("billing", stacks)).toBe("no stack billing; the stacks are: network-dev, web-dev-service, web-prod-service");
    expect(new UnknownEnvironmentError("stagin", ["dev", "staging"]).message).toBe(`environment "stagin" is not in this configuration; did you mean "staging"? its environments are dev, staging`);
  });
});

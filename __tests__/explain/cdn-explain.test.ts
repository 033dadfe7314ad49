import { PlatformConfigInput } from "../../src/config/platform/schema";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { Explanation, explainEnvironment } from "../../src/explain/explanation";
import { defaultConfigCopy } from "../support/config";

function explain(input: PlatformConfigInput, env: string): Explanation {
  const config = parseConfig(input, "test");
  return explainEnvironment(config, resolvePlatform(config), env);
}

const cdn = (explanation: Explanation) => Object.fromEntries(explanation.sections.find((section) => section.title === "app web: cdn")!.settings.map((s) => [s.key, [s.value, s.source]]));

describe("npm run explain: the CDN", () => {
  it("shows prod's CDN with its sources, its origin and its fixed monthly charge", () => {
    const shown = cdn(explain(defaultConfigCopy(), "prod"));
    expect(shown.enabled).toEqual([true, "default (src/config/cdn/defaults.ts, tier prod)"]);
    expect(shown.stack).toEqual(["web-prod-edge (us-east-1)", expect.stringContaining("us-east-1")]);
    expect(shown.origin).toEqual(["origin.web.example.com", "the dns stack's failover records (the environment has DR)"]);
    expect(shown.minimumProtocolVersion[0]).toBe("TLSv1.2_2021");
    // Web ACL $5, 4 rules at $1, key $1, secret $0.40: the edge stack's lines in npm run cost.
    expect(shown.monthlyUsd[0]).toBe(10.4);
  });

  it("names the environment's setting where it changes one, and says where the CDN is off", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.cdn = { priceClass: "PriceClass_All" };
    expect(cdn(explain(config, "prod")).priceClass).toEqual(["PriceClass_All", "apps.web.environments.prod.cdn.priceClass"]);
    expect(cdn(explain(defaultConfigCopy(), "dev"))).toEqual({ enabled: [false, "default (src/config/cdn/defaults.ts, tier dev)"] });
  });
});

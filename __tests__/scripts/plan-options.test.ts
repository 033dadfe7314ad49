import { initFailureHint, parsePlanArgs, PlanContext, PlanUsageError, providerLine, terraformCommands, terraformSetup } from "../../scripts/plan-options";

/**
 * `npm run plan`'s command line: where providers come from (a mirror, or
 * Terraform's registry when none is named), colour only on a terminal, and
 * the arguments it refuses. No Terraform, mirror or registry is reached.
 */
describe("npm run plan's command line", () => {
  const context = (overrides: Partial<PlanContext> = {}): PlanContext => ({ env: {}, stdoutIsTerminal: false, exists: () => true, ...overrides });
  const refusal = (argv: string[], overrides: Partial<PlanContext> = {}) => {
    try {
      parsePlanArgs(argv, context(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(PlanUsageError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${argv.join(" ")}`);
  };

  it("uses Terraform's registry when PLATFORM_TF_MIRROR is not set, and says so in one line, writing no CLI configuration", () => {
    const options = parsePlanArgs(["web-dev-service"], context({ env: { TF_CLI_CONFIG_FILE: "/home/me/.terraformrc" } }));
    expect(options.providers).toEqual({ kind: "registry" });
    expect(providerLine(options.providers)).toBe(
      "providers: from Terraform's registry (PLATFORM_TF_MIRROR not set; set it to a provider mirror where the registry cannot be reached)",
    );
    const setup = terraformSetup(options.providers, "/work", { TF_CLI_CONFIG_FILE: "/home/me/.terraformrc", PATH: "/bin" });
    expect(setup.cliConfig).toBeUndefined();
    // The user's own CLI configuration, if any, still applies.
    expect(setup.env).toEqual({ TF_CLI_CONFIG_FILE: "/home/me/.terraformrc", PATH: "/bin", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" });
    expect(initFailureHint(options.providers)).toBe("If Terraform cannot reach its registry from here, set PLATFORM_TF_MIRROR to a provider mirror directory (README: Plans).");
    // An empty PLATFORM_TF_MIRROR is no mirror.
    expect(parsePlanArgs(["web-dev-service"], context({ env: { PLATFORM_TF_MIRROR: "" } })).providers).toEqual({ kind: "registry" });
  });

  it("installs from the mirror only when PLATFORM_TF_MIRROR names one: a CLI configuration with a filesystem mirror, pointed to by TF_CLI_CONFIG_FILE", () => {
    const options = parsePlanArgs(["web-dev-service"], context({ env: { PLATFORM_TF_MIRROR: "/opt/tf-plugins" } }));
    expect(options.providers).toEqual({ kind: "mirror", directory: "/opt/tf-plugins" });
    expect(providerLine(options.providers)).toBe("providers: from the mirror /opt/tf-plugins (PLATFORM_TF_MIRROR), no registry");
    const setup = terraformSetup(options.providers, "/work", { PATH: "/bin" });
    expect(setup.cliConfig).toEqual({ path: "/work/terraform.tfrc", text: expect.stringContaining('filesystem_mirror {\n    path    = "/opt/tf-plugins"') });
    expect(setup.cliConfig?.text).not.toContain("direct");
    expect(setup.env).toEqual({ PATH: "/bin", TF_CLI_CONFIG_FILE: "/work/terraform.tfrc", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" });
  });

  it("refuses a PLATFORM_TF_MIRROR that does not exist, saying how to use the registry instead", () => {
    expect(refusal(["web-dev-service"], { env: { PLATFORM_TF_MIRROR: "/nowhere" }, exists: (path) => path !== "/nowhere" })).toBe(
      'PLATFORM_TF_MIRROR names "/nowhere", which does not exist; unset it to install providers from Terraform\'s registry',
    );
  });

  it("adds -no-color to the plan when stdout is not a terminal or NO_COLOR is set, and keeps colour on a terminal; init's captured output never has colour", () => {
    const redirected = parsePlanArgs(["web-dev-service"], context({ stdoutIsTerminal: false }));
    const terminal = parsePlanArgs(["web-dev-service"], context({ stdoutIsTerminal: true }));
    const noColor = parsePlanArgs(["web-dev-service"], context({ stdoutIsTerminal: true, env: { NO_COLOR: "1" } }));
    expect([redirected.color, terminal.color, noColor.color]).toEqual([false, true, false]);
    expect(terraformCommands(redirected).plan).toEqual(["plan", "-input=false", "-lock=false", "-refresh=false", "-out=tfplan", "-no-color"]);
    expect(terraformCommands(terminal).plan).not.toContain("-no-color");
    expect(terraformCommands(terminal).init).toContain("-no-color");
  });

  it("reads the stack, --summary, --json and --state in any order", () => {
    expect(parsePlanArgs(["--summary", "web-prod-service", "--json", "plan.json", "--state", "/tmp/prior.tfstate"], context())).toEqual({
      stack: "web-prod-service",
      summary: true,
      jsonFile: expect.stringMatching(/\/plan\.json$/),
      priorState: "/tmp/prior.tfstate",
      providers: { kind: "registry" },
      color: false,
    });
    expect(parsePlanArgs(["web-prod-service"], context()).summary).toBe(false);
  });

  it("refuses a missing stack, two stacks, an unknown option, an option without its file and a --state file that does not exist", () => {
    expect(refusal([])).toBe("name the stack to plan, such as web-dev-service");
    expect(refusal(["--summary"])).toBe("name the stack to plan, such as web-dev-service");
    expect(refusal(["web-dev-service", "web-prod-service"])).toBe("one stack at a time; got web-dev-service, web-prod-service");
    expect(refusal(["web-dev-service", "--sumary"])).toBe("unknown option --sumary; the options are --summary, --json, --state");
    expect(refusal(["web-dev-service", "--json"])).toBe("--json needs a file name");
    expect(refusal(["web-dev-service", "--json", "--summary"])).toBe("--json needs a file name");
    expect(refusal(["web-dev-service", "--state", "/tmp/none.tfstate"], { exists: () => false })).toBe("--state: no file /tmp/none.tfstate");
  });
});

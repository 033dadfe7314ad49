import { execFileSync } from "node:child_process";

/**
 * Whether the Terraform CLI runs on this machine. The tests needing it run when it does and are
 * skipped when it does not: `npm test` needs nothing from the system (the README), and CI
 * (`.ci/run`) runs on a machine with Terraform.
 */
export const terraformRuns: boolean = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

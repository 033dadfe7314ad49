import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
const releases = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map(([, version, date]) => ({ version, date }));

describe("CHANGELOG.md: the releases a fork takes", () => {
  it("names package.json's version as its newest release, newest first, with dates in order", () => {
    expect(releases[0].version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const byVersion = [...releases].sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
    expect(releases).toEqual(byVersion);
    expect(releases.map((release) => release.date)).toEqual([...releases.map((release) => release.date)].sort().reverse());
  });

  it("gives every minor release after the first its upgrade notes, and links every release", () => {
    for (const { version } of releases.slice(0, -1)) {
      const section = changelog.split(`## [${version}]`)[1].split(/^## \[/m)[0];
      if (version.endsWith(".0")) expect(section).toContain("### Upgrade notes");
      expect(changelog).toContain(`[${version}]: https://github.com/`);
    }
  });
});

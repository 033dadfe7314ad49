import { lifecyclePolicy } from "../../../src/constructs/registry/image-policies";
import { DEFAULT_BUILD_REPOSITORY_LIFECYCLE } from "../../../src/config/service/defaults";
import { expiredImages, RepositoryImage } from "../../support/ecr-lifecycle";

/** What the build repository's lifecycle expires, on the ECR model of support/ecr-lifecycle.ts. */
describe("the build repository's lifecycle, as ECR applies it", () => {
  const policy = lifecyclePolicy(DEFAULT_BUILD_REPOSITORY_LIFECYCLE);
  // 60 CI builds, one a day, the oldest first promoted: it still carries its ci- tag beside the release tag (promote-image.md step 2).
  const builds = (releaseTags: Record<number, string>): RepositoryImage[] =>
    Array.from({ length: 60 }, (_, day) => ({ id: `build-${day}`, tags: [`ci-${String(day).padStart(12, "0")}`, ...(releaseTags[day] ? [releaseTags[day]] : [])], pushedDaysAgo: day }));

  it("keeps the newest 50 CI builds and expires the 10 older ones that carry no release tag", () => {
    expect(expiredImages(policy, builds({}))).toEqual(Array.from({ length: 10 }, (_, index) => `build-${50 + index}`).sort());
  });

  it("never expires an image with a release tag, a version or the pipeline's release.<commit>, though it still carries its CI tag", () => {
    const expired = expiredImages(policy, builds({ 59: "1.4.2", 55: "v2.0.0", 52: "release.0123456789ab" }));
    expect(expired).not.toContain("build-59");
    expect(expired).not.toContain("build-55");
    expect(expired).not.toContain("build-52");
    // The release tags are not counted among the CI builds either: 50 of the other 57 are kept.
    expect(expired).toHaveLength(7);
  });

  it("is the case that broke before: a CI rule alone expires the released image prod runs by digest", () => {
    const ciRuleOnly = JSON.stringify({ rules: JSON.parse(policy).rules.filter((rule: { selection: { tagPrefixList?: string[] } }) => rule.selection.tagPrefixList) });
    expect(expiredImages(ciRuleOnly, builds({ 59: "1.4.2" }))).toContain("build-59");
  });

  it("expires untagged images a week after their push, and no tagged one for its age", () => {
    const images = [
      { id: "untagged-old", tags: [], pushedDaysAgo: 8 },
      { id: "untagged-new", tags: [], pushedDaysAgo: 6 },
      { id: "release-old", tags: ["0.1.0"], pushedDaysAgo: 900 },
    ];
    expect(expiredImages(policy, images)).toEqual(["untagged-old"]);
  });
});

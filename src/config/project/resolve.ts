/** Project-wide settings. */
export interface ResolvedProject {
  /** Prefix of every name. */
  readonly name: string;
  /** The owning team. */
  readonly owner: string;
  /** Region for anything that has no region of its own. */
  readonly defaultRegion: string;
  /** Extra tags on every resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The GitHub repository, owner/name. */
  readonly repository: string;
}

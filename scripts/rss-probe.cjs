// Loaded through NODE_OPTIONS by scripts/bench.ts: records each Node process's peak RSS (KiB) at exit.
const { appendFileSync } = require("node:fs");

const file = process.env.PLATFORM_BENCH_RSS_FILE;
if (file) process.on("exit", () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));

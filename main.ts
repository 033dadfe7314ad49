import { App } from "cdktf";
import { ConfigError } from "./src/config/errors";
import { loadPlatformRun } from "./src/config/load";
import { Platform } from "./src/platform";

// Composition root: load the configuration, build the platform, synthesize.
try {
  const app = new App();
  new Platform(app, loadPlatformRun(process.env));
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

import { AppconfigApplication } from "@cdktf/provider-aws/lib/appconfig-application";
import { AppconfigConfigurationProfile } from "@cdktf/provider-aws/lib/appconfig-configuration-profile";
import { AppconfigDeployment } from "@cdktf/provider-aws/lib/appconfig-deployment";
import { AppconfigDeploymentStrategy } from "@cdktf/provider-aws/lib/appconfig-deployment-strategy";
import { AppconfigEnvironment } from "@cdktf/provider-aws/lib/appconfig-environment";
import { AppconfigHostedConfigurationVersion } from "@cdktf/provider-aws/lib/appconfig-hosted-configuration-version";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedFeatureFlag } from "../../config/service/resolve";
import { PolicyStatement } from "../security/policy-document";

/** Properties of {@link FeatureFlags}. */
export interface FeatureFlagsProps {
  /** The AppConfig application's name, `<project>-<app>-<env>`; the deployment strategy is `<name>-flags`. */
  readonly name: string;
  /** The AppConfig environment's name, such as `dev`. */
  readonly environmentName: string;
  /** The flags and their values in this environment; none still creates the plumbing, with an empty flag set. */
  readonly flags: readonly ResolvedFeatureFlag[];
  /** How a new flag set rolls out: linear, over `durationMinutes`, `growthFactor` percent a step, watched `finalBakeTimeMinutes` after. */
  readonly deploymentStrategy: {
    /** Minutes the rollout takes (0: at once). */
    readonly durationMinutes: number;
    /** Minutes AppConfig watches after reaching every target, before the deployment is complete. */
    readonly finalBakeTimeMinutes: number;
    /** Percent of targets added each step. */
    readonly growthFactor: number;
  };
  /** The region the AppConfig resources are in, for the read ARN. */
  readonly region: string;
  /** The account the AppConfig resources are in, for the read ARN. */
  readonly accountId: string;
  /** A customer-managed key that encrypts the hosted flag versions. @default the AWS-owned key */
  readonly kmsKeyArn?: string;
}

/** The AppConfig configuration type of feature flags. */
const FEATURE_FLAGS_TYPE = "AWS.AppConfig.FeatureFlags";

/** The `AWS.AppConfig.FeatureFlags` document (schema version "1"): each flag's definition and its value here. */
function featureFlagsContent(flags: readonly ResolvedFeatureFlag[]): string {
  return JSON.stringify({
    version: "1",
    flags: Object.fromEntries(
      flags.map((flag) => [flag.name, { name: flag.name, ...(flag.description === undefined ? {} : { description: flag.description }) }]),
    ),
    values: Object.fromEntries(flags.map((flag) => [flag.name, { enabled: flag.enabled }])),
  });
}

/**
 * An app's feature flags in one environment, in AWS AppConfig (CloudWatch
 * Evidently was retired): an application, an environment, a hosted
 * feature-flag profile, the flag values as a hosted version, and its
 * deployment. A change of a value makes a new version and a new deployment;
 * nothing else is replaced. Exposes the ids the app reads the flags with
 * and the least-privilege statement that lets its task role read them.
 */
export class FeatureFlags extends Construct {
  /** The AppConfig application's id. */
  readonly applicationId: string;
  /** The AppConfig environment's id. */
  readonly environmentId: string;
  /** The feature-flag configuration profile's id. */
  readonly configurationProfileId: string;
  /** The configuration ARNs reading the flags needs: `application/<id>/environment/<id>/configuration/<id>`. */
  readonly readArns: readonly string[];
  /** What the app reads the flags with (AppConfig agent or SDK): `APPCONFIG_APPLICATION`, `APPCONFIG_ENVIRONMENT`, `APPCONFIG_PROFILE`, as ids. */
  readonly runtimeEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FeatureFlagsProps) {
    super(scope, id);
    const application = new AppconfigApplication(this, "application", {
      name: props.name,
      description: `Feature flags of ${props.name}`,
    });
    const environment = new AppconfigEnvironment(this, "environment", {
      applicationId: application.id,
      name: props.environmentName,
    });
    const profile = new AppconfigConfigurationProfile(this, "profile", {
      applicationId: application.id,
      name: "feature-flags",
      locationUri: "hosted",
      type: FEATURE_FLAGS_TYPE,
      kmsKeyIdentifier: props.kmsKeyArn,
    });
    const version = new AppconfigHostedConfigurationVersion(this, "version", {
      applicationId: application.id,
      configurationProfileId: profile.configurationProfileId,
      contentType: "application/json",
      content: featureFlagsContent(props.flags),
      // The provider hides `content` in plans; this line shows reviewers which values change.
      description: flagSummary(props.flags),
    });
    const strategy = new AppconfigDeploymentStrategy(this, "strategy", {
      name: `${props.name}-flags`,
      replicateTo: "NONE",
      growthType: "LINEAR",
      deploymentDurationInMinutes: props.deploymentStrategy.durationMinutes,
      finalBakeTimeInMinutes: props.deploymentStrategy.finalBakeTimeMinutes,
      growthFactor: props.deploymentStrategy.growthFactor,
    });
    new AppconfigDeployment(this, "deployment", {
      applicationId: application.id,
      environmentId: environment.environmentId,
      configurationProfileId: profile.configurationProfileId,
      configurationVersion: Token.asString(version.versionNumber),
      deploymentStrategyId: strategy.id,
    });

    this.applicationId = application.id;
    this.environmentId = environment.environmentId;
    this.configurationProfileId = profile.configurationProfileId;
    this.readArns = [
      `arn:aws:appconfig:${props.region}:${props.accountId}:application/${this.applicationId}/environment/${this.environmentId}/configuration/${this.configurationProfileId}`,
    ];
    this.runtimeEnvironment = {
      APPCONFIG_APPLICATION: this.applicationId,
      APPCONFIG_ENVIRONMENT: this.environmentId,
      APPCONFIG_PROFILE: this.configurationProfileId,
    };
  }

  /** The task role's statement that reads this environment's flags, and nothing else. */
  readPolicyStatement(): PolicyStatement {
    return {
      Sid: "ReadFeatureFlags",
      Effect: "Allow",
      Action: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
      Resource: this.readArns,
    };
  }
}

/** `new-checkout=on, dark-mode=off`, at most 1024 characters (AppConfig's limit for descriptions). */
function flagSummary(flags: readonly ResolvedFeatureFlag[]): string {
  const summary = flags.map((flag) => `${flag.name}=${flag.enabled ? "on" : "off"}`).join(", ");
  return (summary || "no flags").slice(0, 1024);
}

import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;
const { platform } = buildPlatform();
const stacksOf = (kind: "monitoring" | "secrets", env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)![kind]);

describe("<app>-<env>-monitoring stacks", () => {
  const prod = stacksOf("monitoring", "prod");
  const dev = stacksOf("monitoring", "dev");
  const topic = prod.resource("aws_sns_topic", "alarm-topic/topic");
  const key = prod.resource("aws_kms_key", "alarm-topic/key/key");

  it("encrypts the alarm topic with its own rotating key that CloudWatch, RDS events and EventBridge may use for this account only", () => {
    expect(topic).toMatchObject({ name: "acme-web-prod-alarms", kms_master_key_id: ref("aws_kms_key", key, "arn") });
    expect(key.enable_key_rotation).toBe(true);
    const statement = JSON.parse(key.policy).Statement[1];
    expect(statement).toMatchObject({
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com", "events.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
  });

  it("lets only CloudWatch, RDS and EventBridge of this account publish, and refuses access without TLS", () => {
    const policy = JSON.parse(prod.resource("aws_sns_topic_policy", "alarm-topic/policy").policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.AlarmPublishersPublish).toMatchObject({ Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } });
    expect(bySid.DenyWithoutTls).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": false } } });
  });

  it("subscribes the configured e-mail addresses", () => {
    expect(dev.resources("aws_sns_topic_subscription").map((s) => [s.protocol, s.endpoint])).toEqual([["email", "platform-alerts@example.com"]]);
  });

  it("pages the incident management service over HTTPS with the URL read from SSM, never written in the configuration", () => {
    const parameter = prod.json.data.aws_ssm_parameter;
    const [name] = Object.keys(parameter);
    expect(parameter[name]).toEqual({ name: "/acme/web/pagerduty-endpoint", with_decryption: true });
    const incident = prod.resource("aws_sns_topic_subscription", "alarm-topic/incident-management");
    expect(incident).toMatchObject({ protocol: "https", endpoint: `\${data.aws_ssm_parameter.${name}.value}`, endpoint_auto_confirms: true });
    expect(dev.json.data).toBeUndefined();
  });
});

describe("<app>-<env>-secrets stacks", () => {
  const stack = stacksOf("secrets", "prod");

  it("generates the app secret key at apply time and writes it write-only, encrypted with the stack's key", () => {
    const generator = stack.ephemeral("aws_secretsmanager_random_password", "secret-key/value/generator");
    const secret = stack.resource("aws_secretsmanager_secret", "secret-key/secret");
    const key = stack.resource("aws_kms_key", "key/key");
    expect(generator).toMatchObject({ password_length: 64, exclude_punctuation: true, include_space: false });
    expect(secret).toMatchObject({ name: "acme/web/prod/secret-key", kms_key_id: ref("aws_kms_key", key, "arn"), recovery_window_in_days: 30 });
    const version = stack.resource("aws_secretsmanager_secret_version", "secret-key/version");
    expect(version).toMatchObject({
      secret_id: ref("aws_secretsmanager_secret", secret),
      secret_string_wo: `\${ephemeral.aws_secretsmanager_random_password.${generator.__name}.random_password}`,
      secret_string_wo_version: 1,
    });
    expect(version.secret_string).toBeUndefined();
    // No provider beyond AWS: the engine checks validate this stack.
    expect(Object.keys(stack.json.terraform.required_providers)).toEqual(["aws"]);
  });

  it("keeps deleted secrets restorable for 7 days where no data must survive", () => {
    expect(stacksOf("secrets", "dev").resource("aws_secretsmanager_secret", "secret-key/secret").recovery_window_in_days).toBe(7);
  });

  it("generates further secrets an app declares, and rotates one where config raises its version", () => {
    const config = defaultConfigCopy();
    config.apps!.web.secrets = { "session-salt": { length: 32, special: true } };
    config.apps!.web.environments!.uat = { ...config.apps!.web.environments!.uat, secrets: { "session-salt": { version: 2 } } };
    const run = buildPlatform(runOf(config));
    const secrets = (env: string) => new SynthesizedStack(run.platform.deployments.get(`web-${env}`)!.secrets);
    const generators = Object.values<Record<string, unknown>>(secrets("uat").json.ephemeral.aws_secretsmanager_random_password);
    expect(generators.map((g) => [g.password_length, g.exclude_punctuation]).sort()).toEqual([[32, false], [64, true]]);
    expect(secrets("uat").resource("aws_secretsmanager_secret", "session-salt/secret").name).toBe("acme/web/uat/session-salt");
    expect(secrets("uat").resource("aws_secretsmanager_secret_version", "session-salt/version").secret_string_wo_version).toBe(2);
    expect(secrets("staging").resource("aws_secretsmanager_secret_version", "session-salt/version").secret_string_wo_version).toBe(1);
    expect(secrets("uat").resource("aws_secretsmanager_secret_version", "secret-key/version").secret_string_wo_version).toBe(1);
  });
});

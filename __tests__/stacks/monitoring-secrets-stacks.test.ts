import { buildPlatform, defaultConfigCopy, runOf, SynthesizedStack } from "../support/synth";

const ref = SynthesizedStack.ref;
const { platform } = buildPlatform();
const stacksOf = (kind: "monitoring" | "secrets", env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)![kind]);

describe("<app>-<env>-monitoring stacks", () => {
  const prod = stacksOf("monitoring", "prod");
  const dev = stacksOf("monitoring", "dev");
  const topic = prod.resource("aws_sns_topic", "alarm-topic/topic");
  const key = prod.resource("aws_kms_key", "alarm-topic/key/key");

  it("encrypts the alarm topic with its own rotating key that CloudWatch and RDS events may use for this account only", () => {
    expect(topic).toMatchObject({ name: "acme-web-prod-alarms", kms_master_key_id: ref("aws_kms_key", key, "arn") });
    expect(key.enable_key_rotation).toBe(true);
    const statement = JSON.parse(key.policy).Statement[1];
    expect(statement).toMatchObject({
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
  });

  it("lets only CloudWatch and RDS of this account publish, and refuses access without TLS", () => {
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

  it("generates the app secret key with the random provider and stores it encrypted with the stack's key", () => {
    const password = stack.resource("random_password", "secret-key/value");
    const secret = stack.resource("aws_secretsmanager_secret", "secret-key/secret");
    const key = stack.resource("aws_kms_key", "key/key");
    expect(password).toMatchObject({ length: 64, special: false });
    expect(secret).toMatchObject({ name: "acme/web/prod/secret-key", kms_key_id: ref("aws_kms_key", key, "arn"), recovery_window_in_days: 30 });
    expect(stack.resource("aws_secretsmanager_secret_version", "secret-key/version")).toMatchObject({
      secret_id: ref("aws_secretsmanager_secret", secret),
      secret_string: ref("random_password", password, "result"),
    });
    expect(stack.json.terraform.required_providers.random).toMatchObject({ source: "hashicorp/random" });
  });

  it("keeps deleted secrets restorable for 7 days where no data must survive", () => {
    expect(stacksOf("secrets", "dev").resource("aws_secretsmanager_secret", "secret-key/secret").recovery_window_in_days).toBe(7);
  });

  it("generates further secrets an app declares", () => {
    const config = defaultConfigCopy();
    config.apps!.web.secrets = { "session-salt": { length: 32, special: true } };
    const run = buildPlatform(runOf(config));
    const secrets = new SynthesizedStack(run.platform.deployments.get("web-uat")!.secrets);
    expect(secrets.resources("random_password").map((p) => [p.length, p.special]).sort()).toEqual([[32, true], [64, false]]);
    expect(secrets.resource("aws_secretsmanager_secret", "session-salt/secret").name).toBe("acme/web/uat/session-salt");
  });
});
